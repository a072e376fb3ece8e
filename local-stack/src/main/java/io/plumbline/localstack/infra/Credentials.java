package io.plumbline.localstack.infra;

/** A database account's user name and password. */
public record Credentials(String username, String password) {

    @Override
    public String toString() {
        return "Credentials[" + username + ", ****]";
    }
}
