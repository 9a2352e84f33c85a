package dev.jslc.executor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs a Jenkinsfile through the executor's command line (Main.run), in a fresh workspace under {@code dir}. */
final class LocalBuild {
    /** One finished build: its exit status, its log, and how long it took. */
    record Run(int exitCode, String log, long millis) {
        List<String> lines() {
            return Arrays.asList(log.split("\n", -1));
        }

        /** The position of the first log line equal to {@code line} (fails the test when there is none). */
        int indexOf(String line) {
            int i = lines().indexOf(line);
            if (i < 0) throw new AssertionError("no log line '" + line + "' in:\n" + log);
            return i;
        }
    }

    private LocalBuild() {}

    static Run run(Path dir, String jenkinsfile, String... options) throws Exception {
        Path file = dir.resolve("Jenkinsfile");
        Files.writeString(file, jenkinsfile, StandardCharsets.UTF_8);
        List<String> argv = new ArrayList<>(List.of("--workspace", dir.resolve("workspace").toString()));
        argv.addAll(List.of(options));
        argv.add(file.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = System.currentTimeMillis();
        int code;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            code = Main.run(argv.toArray(new String[0]), ps);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), System.currentTimeMillis() - start);
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }
}
