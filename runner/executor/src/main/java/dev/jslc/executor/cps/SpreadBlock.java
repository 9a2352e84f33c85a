package dev.jslc.executor.cps;

import com.cloudbees.groovy.cps.Block;
import com.cloudbees.groovy.cps.Continuation;
import com.cloudbees.groovy.cps.Env;
import com.cloudbees.groovy.cps.Next;
import com.cloudbees.groovy.cps.impl.SourceLocation;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

/**
 * {@code *value} in a list literal or an argument list: evaluates to a {@link Spread} marker that the enclosing list
 * ({@link DespreadListBlock}) or call ({@link SpreadCallBlock}) opens into its elements. Behaviour and messages follow
 * current groovy-cps (jenkinsci/workflow-cps-plugin lib/src/main/java/com/cloudbees/groovy/cps/impl/SpreadBlock.java,
 * "Add support for SpreadExpression and SpreadMapExpression", 2022, after Groovy's ScriptBytecodeAdapter.despreadList):
 * null spreads to one null, a List to its elements, an array to its elements, anything else fails with
 * {@code IllegalArgumentException: cannot spread the type T with value V} (for a Map with ", did you mean to use the
 * spread-map operator instead?").
 */
final class SpreadBlock implements Block {
    private final SourceLocation loc;
    private final Block value;

    SpreadBlock(SourceLocation loc, Block value) {
        this.loc = loc;
        this.value = value;
    }

    @Override
    public Next eval(Env e, Continuation k) {
        return new Next(value, e, new Open(loc, e, k));
    }

    /** Receives the value to spread. */
    private static final class Open implements Continuation {
        private final SourceLocation loc;
        private final Env e;
        private final Continuation k;

        Open(SourceLocation loc, Env e, Continuation k) {
            this.loc = loc;
            this.e = e;
            this.k = k;
        }

        @Override
        public Next receive(Object v) {
            List<?> items;
            if (v == null) {
                items = Collections.singletonList(null);
            } else if (v instanceof List) {
                items = (List<?>) v;
            } else if (v.getClass().isArray()) {
                items = DefaultTypeTransformation.primitiveArrayToList(v);
            } else {
                String message = "cannot spread the type " + v.getClass().getName() + " with value " + v;
                if (v instanceof Map) message += ", did you mean to use the spread-map operator instead?";
                return JslcBlocks.throwException(e, new IllegalArgumentException(message), loc);
            }
            return k.receive(new Spread(items.toArray()));
        }

        private static final long serialVersionUID = 1L;
    }

    /** The opened value, until its list or call takes it apart. */
    static final class Spread implements Serializable {
        private final Object[] items;

        Spread(Object[] items) {
            this.items = items;
        }

        private static final long serialVersionUID = 1L;
    }

    /** {@code values} with each {@link Spread} replaced by its elements. */
    static Object[] despread(Object[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (Object v : values) {
            if (v instanceof Spread) Collections.addAll(out, ((Spread) v).items);
            else out.add(v);
        }
        return out.toArray();
    }

    private static final long serialVersionUID = 1L;
}
