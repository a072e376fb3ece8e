package io.plumbline.status;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * The package rules of CONTRIBUTING.md, checked: one feature package per read model, {@code projection/} only the
 * mechanics, features reaching each other through their top-level package only, and no cycle between features.
 */
class BoundariesTest {

    private static final String ROOT = "io.plumbline.status";

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void importsNoOtherService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.plumbline.booking..", "io.plumbline.alerting..",
                "io.plumbline.backup..", "io.plumbline.localstack..").check(classes);
    }

    @Test
    void recordsAndRulesImportNoKafkaJdbcServletOrJackson() {
        noClasses().that(records().or(rules()))
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "java.sql..", "javax.sql..",
                        "jakarta.servlet..", "tools.jackson..", "com.fasterxml.jackson..", "org.springframework.jdbc..",
                        "org.springframework.kafka..", "org.springframework.web..")
                .check(classes);
    }

    @Test
    void theProjectionMechanicsKnowNoReadModelAndNoDomain() {
        noClasses().that().resideInAPackage(ROOT + ".projection..")
                .should().dependOnClassesThat(featureOtherThan("projection"))
                .orShould().dependOnClassesThat().resideInAnyPackage("io.plumbline.events.alerts..",
                        "io.plumbline.events.backups..", "io.plumbline.events.booking..",
                        "io.plumbline.events.maintenance..", "io.plumbline.events.metrics..",
                        "io.plumbline.events.notifications..", "io.plumbline.events.topology..")
                .check(classes);
    }

    @Test
    void theSharedLayoutKnowsNoFeature() {
        noClasses().that().resideInAPackage(ROOT + ".web..")
                .should().dependOnClassesThat(featureOtherThan("web", "console"))
                .check(classes);
    }

    @Test
    void featuresUseEachOthersTopLevelPackageOnly() {
        classes().should(reachOtherFeaturesOnlyThroughTheirTopLevelPackage()).check(classes);
    }

    @Test
    void featuresDoNotDependOnEachOtherInACycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    private static DescribedPredicate<JavaClass> records() {
        return DescribedPredicate.describe("records", c -> c.isAssignableTo(Record.class));
    }

    /** The rules a read model applies, plain code by design. */
    private static DescribedPredicate<JavaClass> rules() {
        return DescribedPredicate.describe("rules", c -> c.getName().equals(ROOT + ".topology.TopologyRules")
                || c.getName().equals(ROOT + ".emergency.EmergencyPolicy")
                || c.getName().equals(ROOT + ".backups.BackupSchedule")
                || c.getName().equals(ROOT + ".bookings.MonthGrid"));
    }

    private static DescribedPredicate<JavaClass> featureOtherThan(String... allowed) {
        return DescribedPredicate.describe("a feature package", c -> {
            String feature = feature(c.getPackageName());
            return feature != null && !java.util.List.of(allowed).contains(feature);
        });
    }

    /** {@code io.plumbline.status.maintenance.web} → {@code maintenance}; {@code null} outside the service's features. */
    private static String feature(String pkg) {
        if (!pkg.startsWith(ROOT + ".")) {
            return null;
        }
        String rest = pkg.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static ArchCondition<JavaClass> reachOtherFeaturesOnlyThroughTheirTopLevelPackage() {
        return new ArchCondition<>("reach another feature only through its top-level package") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    String feature = feature(target);
                    boolean internal = feature != null && !target.equals(ROOT + "." + feature);
                    if (internal && !feature.equals(feature(origin.getPackageName()))) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }
}
