package io.plumbline.localstack.infra;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * Passwords of the local stack: random on first start, kept in {@code secrets.properties} (mode 600) inside the
 * data directory so a second start resumes with the same accounts. Nothing here is ever committed.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Path file;
    private final Properties values = new Properties();

    private Secrets(Path file) {
        this.file = file;
    }

    /** Loads the file, adding a random value for every missing key. */
    public static Secrets load(Path file) {
        Secrets secrets = new Secrets(file);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                secrets.values.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }
        return secrets;
    }

    /** Secrets that live only in memory (tests). */
    public static Secrets ephemeral() {
        return new Secrets(null);
    }

    public synchronized String get(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            value = random(24);
            values.setProperty(key, value);
            save();
        }
        return value;
    }

    public Map<DbAccount, Credentials> databaseAccounts() {
        Map<DbAccount, Credentials> accounts = new EnumMap<>(DbAccount.class);
        for (DbAccount account : DbAccount.values()) {
            accounts.put(account, new Credentials(account.username(), get("db." + account.username())));
        }
        return accounts;
    }

    public static String random(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (Writer out = Files.newBufferedWriter(file)) {
                values.store(out, "Plumbline local stack secrets: generated, never commit");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }
}
