package io.plumbline.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code plumbline.backup.*} as the chart and the local stack set it: bound, defaulted and validated at start-up. */
class BackupSettingsTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Settings.class)
            .withPropertyValues("plumbline.backup.host=mysql-1.mysql", "plumbline.backup.port=3306",
                    "plumbline.backup.username=backup", "plumbline.backup.password=source-secret");

    @Test
    void verificationRestoresIntoTheSourceServerUnlessToldOtherwise() {
        context.run(ctx -> {
            BackupProperties p = ctx.getBean(BackupProperties.class);
            assertThat(p.verify().enabled()).isTrue();
            assertThat(p.verify().schema()).isEqualTo("backup_verify");
            assertThat(p.verifyTarget()).isEqualTo(p.source());
            assertThat(p.verifiesOnSource()).isTrue();
        });
    }

    @Test
    void aScratchServerTakesTheVerificationWithItsOwnAccount() {
        context.withPropertyValues("plumbline.backup.verify.host=127.0.0.1", "plumbline.backup.verify.port=3307",
                "plumbline.backup.verify.username=scratch", "plumbline.backup.verify.password=scratch-secret").run(ctx -> {
            BackupProperties p = ctx.getBean(BackupProperties.class);
            assertThat(p.verifyTarget()).isEqualTo(new BackupProperties.Server("127.0.0.1", 3307, "scratch", "scratch-secret"));
            assertThat(p.verifiesOnSource()).isFalse();
            assertThat(p.toString()).doesNotContain("secret");
        });
    }

    @Test
    void unsetScratchValuesAreTheSources() {
        context.withPropertyValues("plumbline.backup.verify.host=127.0.0.1").run(ctx -> {
            BackupProperties p = ctx.getBean(BackupProperties.class);
            assertThat(p.verifyTarget()).isEqualTo(new BackupProperties.Server("127.0.0.1", 3306, "backup", "source-secret"));
        });
    }

    @Test
    void aBadScratchSettingFailsStartUpNamingTheKey() {
        context.withPropertyValues("plumbline.backup.verify.port=70000").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().rootCause().hasMessageContaining("plumbline.backup.verify.port"));
        context.withPropertyValues("plumbline.backup.verify.host= ").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().rootCause().hasMessageContaining("plumbline.backup.verify.host"));
    }

    @Test
    void theOldSwitchPlumblineBackupVerifyFailsStartUpInsteadOfBeingIgnored() {
        context.withPropertyValues("plumbline.backup.verify=false").run(ctx -> assertThat(ctx).hasFailed());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BackupProperties.class)
    static class Settings {
    }
}
