package dev.jslc.executor.cps;

import com.cloudbees.groovy.cps.Block;
import com.cloudbees.groovy.cps.Continuation;
import com.cloudbees.groovy.cps.Env;
import com.cloudbees.groovy.cps.LValue;
import com.cloudbees.groovy.cps.LValueBlock;
import com.cloudbees.groovy.cps.Next;
import com.cloudbees.groovy.cps.impl.ConstantBlock;
import com.cloudbees.groovy.cps.impl.FunctionCallBlock;
import com.cloudbees.groovy.cps.impl.SourceLocation;
import com.cloudbees.groovy.cps.sandbox.CallSiteTag;
import java.util.Collection;

/**
 * An assignment {@code lhs = rhs} or compound assignment {@code lhs op= rhs} whose value is the value assigned, as in
 * Groovy and in current groovy-cps (JENKINS-62064, jenkinsci/workflow-cps-plugin
 * lib/src/main/java/com/cloudbees/groovy/cps/impl/AssignmentBlock.java: {@code assignAndDone} passes the RHS on);
 * groovy-cps 1.31's AssignmentBlock passes null on, so {@code def x = (y = 5)} gave null and {@code c += b += 1}
 * failed. The order is upstream's: the left-hand side's receiver (and index) once, then for a compound assignment its
 * current value, then the right-hand side, then the operator method (called through groovy-cps' own
 * FunctionCallBlock, so it dispatches, is sandboxed and fails exactly as any call of that method), then the set.
 */
final class AssignValueBlock implements Block {
    private final SourceLocation loc;
    private final Collection<CallSiteTag> tags;
    private final Block lhsExp;
    private final Block rhsExp;
    private final String operator;

    AssignValueBlock(SourceLocation loc, Collection<CallSiteTag> tags, LValueBlock lhs, Block rhs, String operator) {
        this.loc = loc;
        this.tags = tags;
        this.lhsExp = lhs.asLValue();
        this.rhsExp = rhs;
        this.operator = operator;
    }

    @Override
    public Next eval(Env e, Continuation k) {
        return new Next(lhsExp, e, new FixLhs(this, e, k));
    }

    /** Receives the left-hand side as an LValue. */
    private static final class FixLhs implements Continuation {
        private final AssignValueBlock b;
        private final Env e;
        private final Continuation k;

        FixLhs(AssignValueBlock b, Env e, Continuation k) {
            this.b = b;
            this.e = e;
            this.k = k;
        }

        @Override
        public Next receive(Object o) {
            LValue lhs = (LValue) o;
            if (b.operator == null) return new Next(b.rhsExp, e, new SetAndPass(lhs, k));
            return lhs.get(new FixCur(b, e, k, lhs));
        }

        private static final long serialVersionUID = 1L;
    }

    /** Receives the current value of the left-hand side (compound assignment), then evaluates the right-hand side. */
    private static final class FixCur implements Continuation {
        private final AssignValueBlock b;
        private final Env e;
        private final Continuation k;
        private final LValue lhs;

        FixCur(AssignValueBlock b, Env e, Continuation k, LValue lhs) {
            this.b = b;
            this.e = e;
            this.k = k;
            this.lhs = lhs;
        }

        @Override
        public Next receive(Object cur) {
            return new Next(b.rhsExp, e, new FixRhs(b, e, k, lhs, cur));
        }

        private static final long serialVersionUID = 1L;
    }

    /** Receives the right-hand side of a compound assignment and calls {@code cur.operator(rhs)}. */
    private static final class FixRhs implements Continuation {
        private final AssignValueBlock b;
        private final Env e;
        private final Continuation k;
        private final LValue lhs;
        private final Object cur;

        FixRhs(AssignValueBlock b, Env e, Continuation k, LValue lhs, Object cur) {
            this.b = b;
            this.e = e;
            this.k = k;
            this.lhs = lhs;
            this.cur = cur;
        }

        @Override
        public Next receive(Object rhs) {
            Block call = new FunctionCallBlock(b.loc, b.tags, new ConstantBlock(cur), new ConstantBlock(b.operator), false,
                    new Block[] {new ConstantBlock(rhs)});
            return new Next(call, e, new SetAndPass(lhs, k));
        }

        private static final long serialVersionUID = 1L;
    }

    /** Sets the LValue to the value received, then passes that value on. */
    private static final class SetAndPass implements Continuation {
        private final LValue lhs;
        private final Continuation k;

        SetAndPass(LValue lhs, Continuation k) {
            this.lhs = lhs;
            this.k = k;
        }

        @Override
        public Next receive(Object v) {
            return lhs.set(v, new Pass(v, k));
        }

        private static final long serialVersionUID = 1L;
    }

    /** Ignores what it receives (an LValue's set passes null) and passes {@code v} on. */
    private static final class Pass implements Continuation {
        private final Object v;
        private final Continuation k;

        Pass(Object v, Continuation k) {
            this.v = v;
            this.k = k;
        }

        @Override
        public Next receive(Object ignored) {
            return k.receive(v);
        }

        private static final long serialVersionUID = 1L;
    }

    private static final long serialVersionUID = 1L;
}
