package dev.jslc.executor;

import groovy.lang.GroovyObjectSupport;

/** currentBuild: result (it only gets worse), currentResult, number and the other fields of a first local build. */
public final class CurrentBuildGlobal extends GroovyObjectSupport implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final ResultTracker results;
    String description;
    String displayName = "#1";

    CurrentBuildGlobal(ResultTracker results) {
        this.results = results;
    }

    @Override
    public Object getProperty(String name) {
        switch (name) {
            case "result": return results.resultOrNull();
            case "currentResult": return results.current().name();
            case "number": return 1;
            case "id": return "1";
            case "displayName": return displayName;
            case "description": return description;
            case "fullDisplayName": return "jslc-local " + displayName;
            case "projectName":
            case "fullProjectName": return "jslc-local";
            case "previousBuild": return null;
            case "durationString": return "";
            case "absoluteUrl": return "http://localhost/job/jslc-local/1/";
            default: return super.getProperty(name);
        }
    }

    @Override
    public void setProperty(String name, Object value) {
        switch (name) {
            // Run.setResult: a result only gets worse; Result.fromString accepts any case ('unstable').
            case "result": results.worsen(BuildResult.valueOf(String.valueOf(value).toUpperCase(java.util.Locale.ROOT))); return;
            case "description": description = String.valueOf(value); return;
            case "displayName": displayName = String.valueOf(value); return;
            default: super.setProperty(name, value);
        }
    }

    /** RunWrapper's getters as methods too: currentBuild.getNumber(), getResult(), … (EnvironmentTest#nonLiteralEnvironment). */
    @Override
    public Object invokeMethod(String name, Object args) {
        Object[] a = org.codehaus.groovy.runtime.InvokerHelper.asArray(args);
        if (a.length == 0 && name.length() > 3 && name.startsWith("get") && Character.isUpperCase(name.charAt(3))) {
            return getProperty(Character.toLowerCase(name.charAt(3)) + name.substring(4));
        }
        return super.invokeMethod(name, args);
    }

    public boolean resultIsBetterOrEqualTo(String r) {
        return results.current().severity() <= BuildResult.valueOf(r).severity();
    }

    public boolean resultIsWorseOrEqualTo(String r) {
        return results.current().severity() >= BuildResult.valueOf(r).severity();
    }
}
