package io.plumbline.localstack.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import io.plumbline.localstack.infra.Credentials;
import io.plumbline.localstack.infra.Database;

/** Debian's {@code prometheus-mysqld-exporter} for one database server, as the least-privilege {@code exporter} account. */
public final class MysqldExporter extends ExternalServer {

    private final Database database;
    private final Credentials credentials;

    public MysqldExporter(Path dir, int port, Database database, Credentials credentials) {
        super(dir, port);
        this.database = database;
        this.credentials = credentials;
    }

    @Override
    protected String binary() {
        return "prometheus-mysqld-exporter";
    }

    @Override
    protected String debianPackage() {
        return "prometheus-mysqld-exporter";
    }

    @Override
    protected List<String> arguments() throws IOException {
        Path cnf = dir.resolve("exporter.my.cnf");
        Files.deleteIfExists(cnf);
        Files.createFile(cnf, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(cnf, "[client]\nuser=" + credentials.username() + "\npassword=" + credentials.password()
                + "\nhost=" + database.host() + "\nport=" + database.port() + "\n");
        return List.of("--web.listen-address=127.0.0.1:" + port, "--config.my-cnf=" + cnf,
                "--collect.slave_status", "--collect.global_status", "--collect.global_variables");
    }

    @Override
    protected String readinessPath() {
        return "/metrics";
    }
}
