package io.plumbline.backup;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module rules of CONTRIBUTING.md for backup-worker, checked. */
class BoundariesTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.plumbline.backup");

    @Test
    void importsNoOtherService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.plumbline.status..", "io.plumbline.booking..", "io.plumbline.alerting..", "io.plumbline.localstack..").check(classes);
    }

    @Test
    void domainRecordsImportNoKafkaJdbcServletOrJackson() {
        // top-level records are the domain's values and the settings; a record nested in an adapter may carry its types
        noClasses().that(DescribedPredicate.describe("top-level records",
                        (JavaClass c) -> c.isTopLevelClass() && c.isAssignableTo(Record.class)))
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "java.sql..", "javax.sql..",
                        "jakarta.servlet..", "tools.jackson..", "com.fasterxml.jackson..", "org.springframework.jdbc..",
                        "org.springframework.kafka..", "org.springframework.web..")
                .check(classes);
    }
}
