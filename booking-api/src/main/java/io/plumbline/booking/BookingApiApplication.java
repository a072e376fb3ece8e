package io.plumbline.booking;

import io.plumbline.events.migrations.Migrations;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** booking-api: customer bookings, announcements and the admin booking API, published through a transactional outbox. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BookingApiApplication {

    public static void main(String[] args) {
        Migrations.runIfRequested(args); // `migrate`: the schema step, with the migrator credential, then exit
        SpringApplication.run(BookingApiApplication.class, args);
    }
}
