package io.plumbline.status.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the first admin from {@code plumbline.console.first-admin.*} (an environment secret) when no admin exists
 * yet. There is no default password: without the secret the console has no admin until one is provided.
 */
@Component
class FirstAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final Accounts accounts;
    private final ConsoleProperties.FirstAdmin first;

    FirstAdmin(Accounts accounts, ConsoleProperties properties) {
        this.accounts = accounts;
        this.first = properties.firstAdmin();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.anyAdmin()) {
            return;
        }
        if (first.username() == null || first.password() == null || first.password().isBlank()) {
            log.warn("no console admin exists and plumbline.console.first-admin.username/password are not set: "
                    + "nobody can sign in until they are");
            return;
        }
        accounts.create(first.username(), first.password(), Accounts.Role.ADMIN);
        log.info("created the first console admin '{}'", first.username());
    }
}
