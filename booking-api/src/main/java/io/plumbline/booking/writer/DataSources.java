package io.plumbline.booking.writer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/** The writer ({@code spring.datasource.*}, primary) and the replica ({@code plumbline.booking.replica.*}). */
@Configuration(proxyBeanMethods = false)
class DataSources {

    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties properties) {
        return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
    }

    @Bean
    DataSource replicaDataSource(ReplicaProperties replica) {
        HikariDataSource ds = new HikariDataSource();
        ds.setPoolName("replica");
        ds.setJdbcUrl(replica.url());
        ds.setUsername(replica.username());
        ds.setPassword(replica.password());
        ds.setReadOnly(true);
        ds.setMaximumPoolSize(10);
        ds.setConnectionTimeout(2000);
        ds.setValidationTimeout(1000);
        ds.setInitializationFailTimeout(-1); // start even if the replica is down; look-ups then fall back to the writer
        ds.addDataSourceProperty("connectTimeout", "1000");
        ds.addDataSourceProperty("socketTimeout", "5000");
        return ds;
    }

    /** Declared here because a second JdbcTemplate makes Boot's own back off; this one is the writer's. */
    @Bean
    @Primary
    JdbcTemplate jdbcTemplate(@Qualifier("dataSource") DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean
    JdbcTemplate replicaJdbcTemplate(@Qualifier("replicaDataSource") DataSource replica) {
        return new JdbcTemplate(replica);
    }
}
