package dev.esim.ops;

import java.io.Console;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The question asked before a command changes anything (re-publishing records, moving a group's offsets, redriving
 * dead letters): the operator sees what is about to happen and types {@code yes}. {@code --yes} answers it ahead, for
 * scripts; without a terminal to ask on and without {@code --yes}, the command refuses rather than guess.
 */
final class Confirmation {

    /** Where the question is asked; {@code null} when there is no terminal. Tests put their own answer here. */
    interface Terminal {
        String ask(String question);
    }

    static volatile Terminal terminal = systemTerminal();

    @Option(names = {"-y", "--yes"}, description = "Do not ask before changing anything (for scripts).")
    boolean yes;

    /** Goes on when confirmed; otherwise throws a refusal (exit code 3) and nothing has been changed. */
    void confirm(String whatWillHappen) {
        if (yes) {
            return;
        }
        Terminal asking = terminal;
        if (asking == null) {
            throw OpsException.refused(whatWillHappen + ". No terminal to confirm on: add --yes to go ahead.");
        }
        String answer = asking.ask(whatWillHappen + ". Type yes to go ahead: ");
        if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
            throw OpsException.refused("Not confirmed; nothing was changed.");
        }
    }

    private static Terminal systemTerminal() {
        Console console = System.console();
        return console == null ? null : question -> console.readLine("%s", question);
    }
}
