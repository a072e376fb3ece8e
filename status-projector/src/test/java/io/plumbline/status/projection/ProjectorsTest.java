package io.plumbline.status.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.plumbline.events.EventTypes;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every event type of the contracts is declared by a projector, and no table is written by two of them. */
class ProjectorsTest {

    private final List<Projector> projectors = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.plumbline.status").stream()
            .filter(c -> c.isAssignableTo(Projector.class) && !c.isInterface())
            .map(JavaClass::reflect).map(ProjectorsTest::create).toList();

    @Test
    void everyRegisteredEventTypeIsDeclaredByAProjector() {
        Handlers handlers = new Handlers();
        projectors.forEach(p -> p.declare(handlers));
        assertThat(EventTypes.all()).allSatisfy(type -> assertThat(handlers.declared())
                .as("no projector declares %s: add a handler (or on.logged(...)) to the read model it belongs to",
                        type.getName())
                .contains(type));
    }

    @Test
    void eachTableHasOneProjector() {
        List<String> tables = new ArrayList<>();
        projectors.forEach(p -> tables.addAll(p.tables()));
        Set<String> distinct = new HashSet<>(tables);
        assertThat(tables).hasSameSizeAs(distinct).doesNotContain("proj_event").isNotEmpty();
    }

    /** Projectors take their JdbcTemplate only; declaring touches no database. */
    private static Projector create(Class<?> type) {
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(JdbcTemplate.class);
            constructor.setAccessible(true);
            return (Projector) constructor.newInstance(new JdbcTemplate());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type.getName() + " needs a constructor taking a JdbcTemplate only", e);
        }
    }
}
