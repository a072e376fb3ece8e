package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The images release.yml builds for the chart carry the tools the chart's settings call for: backup-worker's base has
 * the MySQL client of the servers' own version (the chart runs it with flavour=mysql and mysqldump 8.4 options, which
 * MariaDB's mariadb-dump refuses).
 */
class ImagesTest {

    static final Path ROOT = Charts.MODULE.getParent();
    static final Path BACKUP_BASE = ROOT.resolve("ops/images/backup-worker-base/Dockerfile");

    static String mysqlImage() {
        return Charts.one(Charts.renderDefaults(), "StatefulSet", "-mysql").tree().path("spec").path("template")
                .path("spec").path("containers").findValues("image").get(0).asText();
    }

    @Test
    void backupWorkerDumpsWithTheMySqlClientOfTheServersVersion() {
        ConfigMap config = StrictModels.parse(Charts.one(Charts.renderDefaults(), "ConfigMap", "-backup-worker").tree(),
                ConfigMap.class);
        assertThat(config.getData()).containsEntry("PLUMBLINE_BACKUP_FLAVOUR", "mysql")
                .containsEntry("PLUMBLINE_BACKUP_DUMPCOMMAND", "mysqldump").containsEntry("PLUMBLINE_BACKUP_CLIENTCOMMAND", "mysql");

        String dockerfile = Charts.text(BACKUP_BASE);
        Matcher arg = Pattern.compile("(?m)^ARG MYSQL_IMAGE=(\\S+)$").matcher(dockerfile);
        assertThat(arg.find()).as("ARG MYSQL_IMAGE in %s", BACKUP_BASE).isTrue();
        assertThat(arg.group(1)).as("the base's MySQL is the servers' (mysql.image)").isEqualTo(mysqlImage());
        assertThat(dockerfile).containsPattern("(?m)^FROM \\$\\{MYSQL_IMAGE}$").contains("mysqldump --version")
                .doesNotContain("mariadb-client").doesNotContain("DB_CLIENT");
    }

    @Test
    void releaseBuildsTheBackupBaseFromTheChartsMySqlImage() {
        String release = Charts.text(ROOT.resolve(".github/workflows/release.yml"));
        Matcher extract = Pattern.compile("mysql_image=\\$\\((sed [^\\n]+ charts/plumbline/values\\.yaml)\\)").matcher(release);
        assertThat(extract.find()).as("release.yml reads mysql.image from values.yaml").isTrue();
        assertThat(release).contains("--build-arg MYSQL_IMAGE=\"${mysql_image}\"")
                .contains("ops/images/backup-worker-base").doesNotContain("DB_CLIENT");
        // the workflow's own extraction, run on the real values.yaml, yields the image the chart runs
        Tools.Result run = Tools.run(ROOT, 20, "sh", "-c", extract.group(1));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output().trim()).isEqualTo(mysqlImage());
    }
}
