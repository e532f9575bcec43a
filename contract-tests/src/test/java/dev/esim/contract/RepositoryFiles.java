package dev.esim.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository this module checks (docs/, deploy/, other modules' sources). */
public final class RepositoryFiles {

    private RepositoryFiles() {
    }

    /** The repository root: set by Surefire/Failsafe from the pom, else the parent of the working directory. */
    public static Path root() {
        return Path.of(System.getProperty("contract.repositoryRoot", "..")).toAbsolutePath().normalize();
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
