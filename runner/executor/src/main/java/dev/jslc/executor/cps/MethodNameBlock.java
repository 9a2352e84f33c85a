package dev.jslc.executor.cps;

import com.cloudbees.groovy.cps.Block;
import com.cloudbees.groovy.cps.Continuation;
import com.cloudbees.groovy.cps.Env;
import com.cloudbees.groovy.cps.Next;
import groovy.lang.GString;

/**
 * The name of a method pointer {@code receiver.&name}: a GString becomes its String, anything else is passed on (and
 * 1.31's MethodPointerBlock casts it to String), as current groovy-cps' MethodPointerBlock.done does
 * (jenkinsci/workflow-cps-plugin lib/src/main/java/com/cloudbees/groovy/cps/impl/MethodPointerBlock.java, "Convert
 * GStringImpl to String in the RHS of CPS-transformed method pointers", #614).
 */
final class MethodNameBlock implements Block {
    private final Block name;

    MethodNameBlock(Block name) {
        this.name = name;
    }

    @Override
    public Next eval(Env e, Continuation k) {
        return new Next(name, e, new AsString(k));
    }

    /** Receives the name. */
    private static final class AsString implements Continuation {
        private final Continuation k;

        AsString(Continuation k) {
            this.k = k;
        }

        @Override
        public Next receive(Object v) {
            return k.receive(v instanceof GString ? v.toString() : v);
        }

        private static final long serialVersionUID = 1L;
    }

    private static final long serialVersionUID = 1L;
}
