import { groovyString } from '../../lang/groovy.js';
import { GroovyWriter } from '../groovy/writer.js';
import { SUPPORT_VAR } from '../../ir/vars.js';

/** Where a library's resources live: namespaced by library so two jslc libraries never collide. */
export function resourcePrefix(libraryName: string): string {
  return `jslc/${libraryName}/`;
}

/**
 * `vars/jslcSupport.groovy`: run-time helpers shared by the generated vars.
 * Only whitelisted calls (script-security generic-whitelist) and no closures,
 * so it runs unchanged under the CPS engine and in the sandbox.
 */
export function supportVar(libraryName: string): string {
  const w = new GroovyWriter();
  w.code(`
    /**
     * Checks a caller's arguments against a var's parameter spec and returns
     * them with defaults applied. Fails the build with the var's own message on
     * an unknown key, a missing required parameter or a wrong type.
     */
    Map checkArgs(String varName, Map args, Map spec) {
        Map given = args == null ? [:] : args
        List unknown = []
        for (def key in given.keySet()) {
            if (!spec.containsKey(key)) {
                unknown.add(key)
            }
        }
        if (!unknown.isEmpty()) {
            error(varName + ': unknown parameter(s) ' + String.join(', ', unknown) + '; allowed: ' + String.join(', ', spec.keySet()))
        }
        Map cfg = [:]
        for (def key in spec.keySet()) {
            Map p = spec.get(key)
            def value = given.get(key)
            if (value == null) {
                if (p.get('required')) {
                    error(varName + ': parameter ' + key + ' is required (' + p.get('type') + ')')
                }
                cfg.put(key, p.get('default'))
            } else {
                cfg.put(key, coerce(varName, key, p.get('type'), value))
            }
        }
        return cfg
    }

    /** The value in the declared type, or a build failure naming the var, the parameter and both types. */
    def coerce(String varName, String key, String type, def value) {
        if (type == 'string' && value instanceof CharSequence) {
            return value.toString()
        }
        if (type == 'boolean' && value instanceof Boolean) {
            return value
        }
        if (type == 'integer' && (value instanceof Integer || value instanceof Long)) {
            return value
        }
        if (type == 'list' && value instanceof List) {
            List out = []
            for (def item in value) {
                if (!(item instanceof CharSequence)) {
                    error(varName + ': parameter ' + key + ' must be a list of strings, but it holds ' + kind(item))
                }
                out.add(item.toString())
            }
            return out
        }
        if (type == 'bindings' && value instanceof List) {
            // Credentials bindings (usernamePassword(...), file(...) and the like): withCredentials checks them itself.
            return value
        }
        if (type == 'map' && value instanceof Map) {
            Map out = [:]
            for (def k in value.keySet()) {
                def v = value.get(k)
                if (!(k instanceof CharSequence) || !(v instanceof CharSequence)) {
                    error(varName + ': parameter ' + key + ' must map strings to strings, but it holds ' + kind(v))
                }
                out.put(k.toString(), v.toString())
            }
            return out
        }
        error(varName + ': parameter ' + key + ' must be a ' + type + ', but it is ' + kind(value))
    }

    /** A word for a value's type, without reflection (not whitelisted in the sandbox). */
    String kind(def value) {
        if (value == null) {
            return 'null'
        }
        if (value instanceof CharSequence) {
            return 'a string'
        }
        if (value instanceof Boolean) {
            return 'a boolean'
        }
        if (value instanceof Number) {
            return 'a number'
        }
        if (value instanceof List) {
            return 'a list'
        }
        if (value instanceof Map) {
            return 'a map'
        }
        return 'an object'
    }

    /** Appends JSLC_<name>_COUNT and JSLC_<name>_<i> entries for a constant script to rebuild the list. */
    void addListEnv(List env, String name, List values) {
        env.add('JSLC_' + name + '_COUNT=' + values.size())
        for (int i = 0; i < values.size(); i++) {
            env.add('JSLC_' + name + '_' + i + '=' + values.get(i))
        }
    }

    /** A new environment list holding one list (see addListEnv). */
    List listEnv(String name, List values) {
        List env = []
        addListEnv(env, name, values)
        return env
    }

    /**
     * Lists workspace paths a step writes in the git work tree's info/exclude (git-exclude.sh), so that git status,
     * and Go's vcs.modified stamp in the binaries, do not count what jslc writes as changes to the commit.
     */
    void gitExclude(List paths) {
        withEnv(listEnv('EXCLUDE', paths)) {
            sh(label: 'git exclude', script: script('git-exclude.sh'))
        }
    }

    /**
     * A build parameter's value in a pipeline var parameter's type: Jenkinsfile Runner and some triggers pass every
     * parameter as a string ('false', '3').
     */
    def buildParameter(String name, String type, def value) {
        if (type == 'boolean') {
            return value instanceof Boolean ? value : value.toString() == 'true'
        }
        if (type == 'integer') {
            if (value instanceof Integer || value instanceof Long) {
                return value
            }
            if (!value.toString().matches('-?[0-9]{1,9}')) {
                error('build parameter ' + name + ' must be a whole number, got ' + value)
            }
            return Integer.parseInt(value.toString())
        }
        return value.toString()
    }

    /** A choice parameter's choices with the call's value first: Jenkins' default for a choice is its first choice. */
    List choicesFirst(def first, List choices) {
        List out = first == null ? [] : [first.toString()]
        for (def c in choices) {
            if (first == null || c != first.toString()) {
                out.add(c)
            }
        }
        return out
    }

    /** key=value strings of a map, in its order. */
    List pairs(Map values) {
        List out = []
        for (def k in values.keySet()) {
            out.add(k + '=' + values.get(k))
        }
        return out
    }

    /** The registry host of an image reference (docker.io when the first part is no host). */
    String registryOf(String ref) {
        int slash = ref.indexOf('/')
        if (slash < 0) {
            return 'docker.io'
        }
        String first = ref.substring(0, slash)
        if (first.contains('.') || first.contains(':') || first == 'localhost') {
            return first
        }
        return 'docker.io'
    }
  `);
  w.line();
  w.line("/** A shell script shipped in this library's resources. */");
  w.block('String script(String name)', (b) => b.line(`return libraryResource(${groovyString(`${resourcePrefix(libraryName)}scripts/`)} + name)`));
  w.line();
  w.line('/** Any resource shipped in this library. */');
  w.block('String resource(String name)', (b) => b.line(`return libraryResource(${groovyString(resourcePrefix(libraryName))} + name)`));
  return w.toString();
}
