package io.plumbline.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry is complete: every payload record is permitted by its domain's sealed hierarchy, so it has a type. */
class EventTypesTest {

    private final List<Class<?>> payloads = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.plumbline.events").stream()
            .filter(c -> c.isAssignableTo(EventPayload.class) && !c.isInterface())
            .map(JavaClass::reflect).toList();

    @Test
    void everyPayloadRecordHasARegistryEntry() {
        assertThat(payloads).isNotEmpty();
        assertThat(payloads).allSatisfy(type -> assertThat(EventTypes.payloadClass(
                EventTypes.typeOf(type.asSubclass(EventPayload.class))))
                .as("%s is permitted by no domain hierarchy in EventTypes.DOMAINS", type.getName())
                .contains(type.asSubclass(EventPayload.class)));
        assertThat(EventTypes.all()).containsExactlyInAnyOrderElementsOf(payloads.stream()
                .map(t -> t.asSubclass(EventPayload.class)).toList());
    }

    @Test
    void eachDomainIsOneSealedHierarchyOfRecordsInItsOwnPackage() {
        assertThat(EventTypes.DOMAINS).allSatisfy(domain -> {
            assertThat(domain.isSealed()).as(domain.getName()).isTrue();
            assertThat(domain.getPermittedSubclasses()).allSatisfy(type -> {
                assertThat(type.isRecord()).as(type.getName()).isTrue();
                assertThat(type.getPackageName()).isEqualTo(domain.getPackageName());
            });
        });
        assertThat(EventTypes.DOMAINS.stream().map(Class::getPackageName).distinct()).hasSameSizeAs(EventTypes.DOMAINS);
    }

    @Test
    void typesNameTheDomainAndTheRecord() {
        assertThat(EventTypes.typeOf(io.plumbline.events.booking.BookingCreated.class))
                .isEqualTo("plumbline.booking.BookingCreated");
        assertThat(EventTypes.payloadClass("plumbline.booking.BookingCreated"))
                .contains(io.plumbline.events.booking.BookingCreated.class);
        assertThat(EventTypes.payloadClass("plumbline.booking.NoSuchThing")).isEmpty();
    }
}
