package dev.jslc.executor.cps;

import com.cloudbees.groovy.cps.Block;
import com.cloudbees.groovy.cps.Continuation;
import com.cloudbees.groovy.cps.Env;
import com.cloudbees.groovy.cps.Next;
import com.cloudbees.groovy.cps.impl.SourceLocation;
import groovy.lang.SpreadMapEvaluatingException;
import org.codehaus.groovy.runtime.InvokerHelper;

/**
 * {@code *:map} in a map literal (and so in named arguments): evaluates to Groovy's {@link groovy.lang.SpreadMap},
 * which the map literal's {@code InvokerHelper.createMap} merges in, as current groovy-cps does
 * (jenkinsci/workflow-cps-plugin lib/src/main/java/com/cloudbees/groovy/cps/impl/SpreadMapBlock.java). A value that is
 * not a Map fails with Groovy's {@code SpreadMapEvaluatingException}.
 */
final class SpreadMapBlock implements Block {
    private final SourceLocation loc;
    private final Block value;

    SpreadMapBlock(SourceLocation loc, Block value) {
        this.loc = loc;
        this.value = value;
    }

    @Override
    public Next eval(Env e, Continuation k) {
        return new Next(value, e, new Open(loc, e, k));
    }

    /** Receives the map to spread. */
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
            try {
                return k.receive(InvokerHelper.spreadMap(v));
            } catch (SpreadMapEvaluatingException t) {
                return JslcBlocks.throwException(e, t, loc);
            }
        }

        private static final long serialVersionUID = 1L;
    }

    private static final long serialVersionUID = 1L;
}
