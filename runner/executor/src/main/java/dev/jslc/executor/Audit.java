package dev.jslc.executor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/** JSON lines, one per spawned process: step, argv, cwd, env. */
public final class Audit {
    private final Path file;

    Audit(Path file) {
        this.file = file;
    }

    public synchronized void record(String step, List<String> argv, Path cwd, Map<String, String> env) {
        if (file == null) return;
        StringBuilder sb = new StringBuilder("{\"step\":").append(Json.str(step)).append(",\"argv\":[");
        for (int i = 0; i < argv.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(Json.str(argv.get(i)));
        }
        sb.append("],\"cwd\":").append(Json.str(cwd.toString())).append(",\"env\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            sb.append(Json.str(e.getKey())).append(':').append(Json.str(e.getValue()));
        }
        sb.append("}}\n");
        try {
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write audit file " + file, e);
        }
    }
}
