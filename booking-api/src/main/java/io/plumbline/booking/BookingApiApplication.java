package io.plumbline.booking;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** booking-api: customer bookings, announcements and the admin booking API, published through a transactional outbox. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BookingApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(BookingApiApplication.class, args);
    }
}
