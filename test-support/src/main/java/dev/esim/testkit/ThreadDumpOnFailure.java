package dev.esim.testkit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test fails, prints every thread's stack to standard error before the failure is reported. A test that
 * times out on a loaded CI machine says little by itself ("no response within 30 s"); the threads say what the
 * service was waiting for. Registered for every test class through JUnit's extension auto-detection (enabled in the
 * root pom), so no test has to ask for it.
 */
public final class ThreadDumpOnFailure implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        StringBuilder dump = new StringBuilder(64 * 1024)
                .append("==== thread dump: ").append(context.getDisplayName()).append(" in ")
                .append(context.getRequiredTestClass().getSimpleName()).append(" failed with ")
                .append(failure).append(" ====\n");
        ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true);
        Arrays.sort(threads, Comparator.comparing(ThreadInfo::getThreadName));
        for (ThreadInfo thread : threads) {
            dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
            if (thread.getLockName() != null) {
                dump.append(" on ").append(thread.getLockName());
            }
            if (thread.getLockOwnerName() != null) {
                dump.append(" held by \"").append(thread.getLockOwnerName()).append('"');
            }
            dump.append('\n');
            for (StackTraceElement frame : thread.getStackTrace()) {
                dump.append("    at ").append(frame).append('\n');
            }
        }
        System.err.print(dump.append("==== end of thread dump ====\n"));
        throw failure;
    }
}
