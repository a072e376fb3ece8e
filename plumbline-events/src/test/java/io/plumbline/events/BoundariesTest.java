package io.plumbline.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The event contracts are the ground floor: plain records that know no transport, no database and no service. */
class BoundariesTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.plumbline.events");

    @Test
    void eventRecordsImportNoKafkaJdbcServletJacksonOrSpring() {
        noClasses().that().resideInAnyPackage("io.plumbline.events.alerts", "io.plumbline.events.backups",
                        "io.plumbline.events.booking", "io.plumbline.events.maintenance", "io.plumbline.events.metrics",
                        "io.plumbline.events.notifications", "io.plumbline.events.topology")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "java.sql..", "javax.sql..",
                        "jakarta.servlet..", "tools.jackson..", "com.fasterxml.jackson..", "org.springframework..",
                        "io.cloudevents..", "io.plumbline.events.kafka..")
                .check(classes);
    }

    @Test
    void theContractsImportNoService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.plumbline.booking..", "io.plumbline.alerting..",
                        "io.plumbline.status..", "io.plumbline.backup..", "io.plumbline.localstack..")
                .check(classes);
    }
}
