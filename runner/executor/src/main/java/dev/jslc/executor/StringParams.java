package dev.jslc.executor;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code params} under {@code --params-as-strings}: a value given with {@code --param} stays the String it was
 * given, as Jenkinsfile Runner passes its {@code -a NAME=value} parameters (every one a StringParameterValue, so
 * {@code params.SIGN == 'false'} and a non-empty 'false' is truthy); a value that came from a {@code parameters {}}
 * default keeps its type ({@code booleanParam} defaults are Booleans). A live, read-only view: defaults applied
 * when the pipeline starts show up in it. Put in the scripts' binding, it is what {@code params} resolves to.
 */
final class StringParams extends AbstractMap<String, Object> {
    private final Map<String, String> params;
    private final Set<String> given;

    /** {@code params}: the build's parameter values (updated in place); {@code given}: the names --param set. */
    StringParams(Map<String, String> params, Set<String> given) {
        this.params = params;
        this.given = given;
    }

    private Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String v = e.getValue();
            if (given.contains(e.getKey())) out.put(e.getKey(), v);
            else out.put(e.getKey(), "true".equals(v) ? Boolean.TRUE : "false".equals(v) ? Boolean.FALSE : v);
        }
        return out;
    }

    @Override
    public Object get(Object key) {
        return snapshot().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return params.containsKey(key);
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        Map<String, Object> s = snapshot();
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                Iterator<Map.Entry<String, Object>> it = s.entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        Map.Entry<String, Object> e = it.next();
                        return new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue());
                    }
                };
            }

            @Override
            public int size() {
                return s.size();
            }
        };
    }
}
