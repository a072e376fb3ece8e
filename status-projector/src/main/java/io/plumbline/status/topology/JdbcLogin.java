package io.plumbline.status.topology;

import java.time.Duration;
import java.util.Properties;

/** Connection properties of a short-lived monitoring connection: bounded connect and query time, never a hang. */
final class JdbcLogin {

    private JdbcLogin() {
    }

    static Properties of(String username, String password, Duration connectTimeout, Duration queryTimeout) {
        Properties props = new Properties();
        if (username != null) {
            props.setProperty("user", username);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
        props.setProperty("socketTimeout", Long.toString(queryTimeout.toMillis()));
        return props;
    }
}
