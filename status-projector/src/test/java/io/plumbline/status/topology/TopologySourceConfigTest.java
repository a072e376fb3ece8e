package io.plumbline.status.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code plumbline.topology.source} is checked at start-up, and a bad setting names its key. */
class TopologySourceConfigTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TopologyProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void directIsTheDefaultAndProxySqlIsSelectedByConfiguration() {
        context.run(c -> assertThat(c.getBean(TopologyProperties.class).source()).isEqualTo(TopologyProperties.Source.DIRECT));
        context.withPropertyValues("plumbline.topology.source=proxysql", "plumbline.topology.proxysql.url=jdbc:mysql://proxysql:6032/main")
                .run(c -> {
                    TopologyProperties p = c.getBean(TopologyProperties.class);
                    assertThat(p.source()).isEqualTo(TopologyProperties.Source.PROXYSQL);
                    assertThat(p.proxysql().writerHostgroup()).isEqualTo(10);
                    assertThat(p.proxysql().readerHostgroup()).isEqualTo(20);
                    assertThat(p.proxysql().writeProbe().configured()).as("no write probe unless configured").isFalse();
                });
        context.withPropertyValues("plumbline.topology.source=proxysql", "plumbline.topology.proxysql.url=jdbc:mysql://proxysql:6032/main",
                "plumbline.topology.proxysql.write-probe.url=jdbc:mysql://proxysql:6033/plumbline_probe",
                "plumbline.topology.proxysql.write-probe.query-timeout=3s")
                .run(c -> {
                    TopologyProperties.WriteProbe w = c.getBean(TopologyProperties.class).proxysql().writeProbe();
                    assertThat(w.configured()).isTrue();
                    assertThat(w.url()).isEqualTo("jdbc:mysql://proxysql:6033/plumbline_probe");
                    assertThat(w.queryTimeout()).hasSeconds(3);
                    assertThat(w.connectTimeout()).hasSeconds(1);
                });
    }

    @Test
    void proxySqlWithoutItsUrlFailsAtStartNamingTheKey() {
        context.withPropertyValues("plumbline.topology.source=proxysql").run(c -> {
            assertThat(c).hasFailed();
            assertThat(messages(c.getStartupFailure())).contains("plumbline.topology.proxysql.url");
        });
    }

    @Test
    void anUnknownSourceFailsAtStartNamingTheKey() {
        context.withPropertyValues("plumbline.topology.source=haproxy").run(c -> {
            assertThat(c).hasFailed();
            assertThat(messages(c.getStartupFailure())).contains("plumbline.topology.source");
        });
    }
}
