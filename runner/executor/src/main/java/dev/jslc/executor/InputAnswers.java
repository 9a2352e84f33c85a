package dev.jslc.executor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code input} step (pipeline-input-step's InputStep and InputStepExecution,
 * src/main/java/org/jenkinsci/plugins/workflow/support/steps/input/), answered from the command line instead of the
 * web page: {@code --input ID=proceed}, {@code --input ID=proceed:NAME=value} (repeatable, one parameter value each),
 * {@code --input ID=abort}. An input without an answer fails the build at once, saying how to answer it, where
 * Jenkins would wait.
 */
public final class InputAnswers {
    private InputAnswers() {}

    /** One input's answer: proceed (with the parameter values given) or abort. */
    static final class Answer {
        boolean abort;
        final Map<String, String> values = new LinkedHashMap<>();
    }

    private static final Map<String, Answer> ANSWERS = new LinkedHashMap<>();

    /** Why {@code spec} is not an answer (a usage error), or null. */
    static String check(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) return "--input needs ID=proceed, ID=proceed:NAME=value or ID=abort, got " + spec;
        String what = spec.substring(eq + 1);
        if (what.equals("proceed") || what.equals("abort")) return null;
        if (what.startsWith("proceed:")) {
            String nv = what.substring("proceed:".length());
            if (nv.indexOf('=') <= 0) return "--input " + spec + ": a parameter value is NAME=value, after proceed:";
            return null;
        }
        return "--input " + spec + ": the answer is proceed, proceed:NAME=value or abort";
    }

    /** Adds a checked answer; answers for the same id add up (several parameter values), abort wins. */
    static synchronized void add(String spec) {
        int eq = spec.indexOf('=');
        String id = spec.substring(0, eq);
        String what = spec.substring(eq + 1);
        Answer a = ANSWERS.computeIfAbsent(id, k -> new Answer());
        if (what.equals("abort")) a.abort = true;
        else if (what.startsWith("proceed:")) {
            String nv = what.substring("proceed:".length());
            a.values.put(nv.substring(0, nv.indexOf('=')), nv.substring(nv.indexOf('=') + 1));
        }
    }

    private static synchronized Answer answer(String id) {
        return ANSWERS.get(id);
    }

    /** InputStep#capitalize: a-z as the first character is reserved, so it is upper-cased. */
    static String capitalize(String id) {
        char ch = id.charAt(0);
        return 'a' <= ch && ch <= 'z' ? (char) (ch - 'a' + 'A') + id.substring(1) : id;
    }

    /** InputStep#getId: the id given, else Util.getDigestOf(message) (MD5, lower-case hex), capitalized. */
    public static String idOf(String id, String message) {
        if (id != null && !id.isEmpty()) return capitalize(id);
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(message.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte x : d) sb.append(String.format("%02x", x & 0xff));
            return capitalize(sb.toString());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Jenkins core's ParameterDefinition classes and their symbols. */
    private static final Map<String, String> PARAMETER_CLASSES = Map.of("BooleanParameterDefinition", "booleanParam",
            "StringParameterDefinition", "string", "ChoiceParameterDefinition", "choice", "TextParameterDefinition", "text",
            "PasswordParameterDefinition", "password");

    /** A parameter definition: {@code string(name:, defaultValue:)} (a Credentials.Binding here), or a parameter step's map. */
    private static Map<String, Object> definition(Object o) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o instanceof Credentials.Binding) {
            m.putAll(((Credentials.Binding) o).args);
            m.put("$param", ((Credentials.Binding) o).kind);
        } else if (o instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) m.put(String.valueOf(e.getKey()), e.getValue());
            // The [$class: 'BooleanParameterDefinition', …] form: the symbol of each core parameter definition.
            Object cls = m.remove("$class");
            if (cls != null) {
                String kind = PARAMETER_CLASSES.get(String.valueOf(cls));
                if (kind == null) throw new Executor.AbortException("input: unsupported parameter class " + cls + " (supported: " + PARAMETER_CLASSES.keySet() + ")");
                m.put("$param", kind);
            }
        } else {
            throw new Executor.AbortException("input: not a parameter definition: " + o
                    + " (use string(name:, defaultValue:), booleanParam(…), choice(name:, choices:), text(…) or password(…))");
        }
        if (m.get("name") == null) throw new Executor.AbortException("input: a parameter needs a name: " + o);
        return m;
    }

    /** A parameter's value: the one given on the command line, else its default, as its ParameterValue#getValue. */
    private static Object value(Map<String, Object> def, String given) {
        String kind = String.valueOf(def.get("$param"));
        Object dflt = def.get("defaultValue");
        if (kind.equals("booleanParam")) return given != null ? Boolean.valueOf(given) : dflt instanceof Boolean ? dflt : Boolean.valueOf(String.valueOf(dflt));
        if (given != null) return given;
        if (kind.equals("choice")) {
            Object choices = def.get("choices");
            if (choices instanceof List && !((List<?>) choices).isEmpty()) return String.valueOf(((List<?>) choices).get(0));
            if (choices != null) return String.valueOf(choices).split("\n")[0];
            return "";
        }
        return dflt == null ? "" : String.valueOf(dflt);
    }

    /**
     * The input step: logs as InputStepExecution#start (the message and "Proceed or Abort" without parameters, "Input
     * requested" with them), then proceeds with the values (null without parameters, the value for one, a map for
     * several: InputStepExecution#proceed) or aborts as doAbort does (an interruption with result ABORTED whose cause,
     * Rejection without a user, prints "Rejected").
     */
    static Object input(Executor build, Map<String, Object> m) {
        Object msg = m.get("message");
        String message = msg == null ? "Pipeline has paused and needs your input before proceeding" : String.valueOf(msg);
        String id = idOf(m.get("id") == null ? null : String.valueOf(m.get("id")).trim(), message);
        String ok = m.get("ok") == null || String.valueOf(m.get("ok")).trim().isEmpty() ? "Proceed" : String.valueOf(m.get("ok")).trim();
        String submitterParameter = m.get("submitterParameter") == null ? null : String.valueOf(m.get("submitterParameter")).trim();
        if (submitterParameter != null && submitterParameter.isEmpty()) submitterParameter = null;
        List<Map<String, Object>> defs = new ArrayList<>();
        if (m.get("parameters") instanceof List) for (Object o : (List<?>) m.get("parameters")) defs.add(definition(o));
        else if (m.get("parameters") != null) throw new Executor.AbortException("input: parameters must be a list, e.g. [string(name: 'X')]");
        build.log("[Pipeline] input");
        String cancel = m.get("cancel") == null || String.valueOf(m.get("cancel")).trim().isEmpty() ? "Abort" : String.valueOf(m.get("cancel")).trim();
        if (defs.isEmpty()) {
            build.log(message);
            build.log(ok + " or " + cancel);
        } else {
            build.log("Input requested");
        }
        Answer a = answer(id);
        if (a == null) {
            StringBuilder how = new StringBuilder("--input " + id + "=proceed");
            for (Map<String, Object> d : defs) how.append(" [--input ").append(id).append("=proceed:").append(d.get("name")).append("=VALUE]");
            throw new Executor.AbortException("input " + id + " (\"" + message + "\") is waiting for an answer, which a local run cannot give"
                    + " interactively: run again with " + how + " or --input " + id + "=abort");
        }
        if (a.abort) throw new Executor.Interrupted("Rejected", BuildResult.ABORTED);
        // Answered from the command line as the first user submitter allows (InputStepExecution#proceed logs
        // "Approved by <user>" for a signed-in user); without submitter, as anonymous, which logs nothing.
        String allowed = m.get("submitter") == null ? "" : String.valueOf(m.get("submitter")).trim();
        String user = allowed.isEmpty() ? null : allowed.split(",")[0].trim();
        if (user != null) build.log("Approved by " + user);
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (Map<String, Object> d : defs) {
            String name = String.valueOf(d.get("name"));
            names.add(name);
            // A secret never goes on a command line: a password parameter takes its default.
            if ("password".equals(d.get("$param")) && a.values.containsKey(name)) {
                throw new Executor.AbortException("--input " + id + "=proceed:" + name + "=…: " + name + " is a password parameter, whose value"
                        + " cannot be given on the command line (it would show in the process list); leave it out to use its default");
            }
            out.put(name, value(d, a.values.get(name)));
        }
        for (String given : a.values.keySet()) {
            if (!names.contains(given)) {
                throw new Executor.AbortException("--input " + id + "=proceed:" + given + "=…: input " + id + " has no parameter " + given
                        + (names.isEmpty() ? " (it has none)" : " (its parameters: " + String.join(", ", names) + ")"));
            }
        }
        // InputStepExecution#parseValue: the submitter's name under submitterParameter. Answered from the command line,
        // the submitter is the first name of submitter (the users allowed to answer), else "anonymous" (no security realm).
        if (submitterParameter != null) out.put(submitterParameter, user == null ? "anonymous" : user);
        if (out.isEmpty()) return null;
        if (out.size() == 1) return out.values().iterator().next();
        return out;
    }
}
