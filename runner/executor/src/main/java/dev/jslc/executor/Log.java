package dev.jslc.executor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The build log: one line at a time, every registered secret replaced by ****. */
public final class Log {
    private final PrintStream out;
    private final List<String> secrets = new ArrayList<>();

    Log(PrintStream out) {
        this.out = out;
    }

    public synchronized void addSecret(String s) {
        if (s == null || s.isEmpty() || secrets.contains(s)) return;
        secrets.add(s);
        secrets.sort((a, b) -> b.length() - a.length());
    }

    public synchronized String mask(String line) {
        for (String s : secrets) line = line.replace(s, "****");
        return line;
    }

    public synchronized void line(String line) {
        out.println(mask(line));
        out.flush();
    }
}
