package dev.jslc.executor.cps;

import com.cloudbees.groovy.cps.Block;
import com.cloudbees.groovy.cps.Continuation;
import com.cloudbees.groovy.cps.Env;
import com.cloudbees.groovy.cps.Next;
import com.cloudbees.groovy.cps.impl.ConstantBlock;
import com.cloudbees.groovy.cps.impl.FunctionCallBlock;
import com.cloudbees.groovy.cps.impl.SourceLocation;
import com.cloudbees.groovy.cps.sandbox.CallSiteTag;
import java.util.Collection;

/**
 * A call with spread arguments ({@code f(*l)}, {@code o.m(a, *l)}, {@code new T(*l)}): evaluates the receiver, the
 * name and the arguments in order, opens the spread ones (as current groovy-cps' FunctionCallBlock does with
 * {@code SpreadBlock.despreadList}, jenkinsci/workflow-cps-plugin
 * lib/src/main/java/com/cloudbees/groovy/cps/impl/FunctionCallBlock.java), then makes the call through groovy-cps
 * 1.31's own FunctionCallBlock over the values, so dispatch, CPS calls, the sandbox and stack traces are the engine's.
 */
final class SpreadCallBlock implements Block {
    private final SourceLocation loc;
    private final Collection<CallSiteTag> tags;
    private final Block lhsExp;
    private final Block nameExp;
    private final boolean safe;
    private final Block[] argExps;

    SpreadCallBlock(SourceLocation loc, Collection<CallSiteTag> tags, Block lhs, Block name, boolean safe, Block[] args) {
        this.loc = loc;
        this.tags = tags;
        this.lhsExp = lhs;
        this.nameExp = name;
        this.safe = safe;
        this.argExps = args;
    }

    @Override
    public Next eval(Env e, Continuation k) {
        // values[0] is the receiver, values[1] the name, then the arguments.
        return new Next(lhsExp, e, new Collect(this, e, k, new Object[argExps.length + 2], 0));
    }

    /** Receives value number {@code idx} and evaluates the next one, or makes the call when all are in. */
    private static final class Collect implements Continuation {
        private final SpreadCallBlock b;
        private final Env e;
        private final Continuation k;
        private final Object[] values;
        private final int idx;

        Collect(SpreadCallBlock b, Env e, Continuation k, Object[] values, int idx) {
            this.b = b;
            this.e = e;
            this.k = k;
            this.values = values;
            this.idx = idx;
        }

        @Override
        public Next receive(Object v) {
            values[idx] = v;
            int next = idx + 1;
            if (next == 1) return new Next(b.nameExp, e, new Collect(b, e, k, values, next));
            if (next < values.length) return new Next(b.argExps[next - 2], e, new Collect(b, e, k, values, next));
            Object[] rest = new Object[values.length - 2];
            System.arraycopy(values, 2, rest, 0, rest.length);
            Object[] args = SpreadBlock.despread(rest);
            Block[] argBlocks = new Block[args.length];
            for (int i = 0; i < args.length; i++) argBlocks[i] = new ConstantBlock(args[i]);
            Block call = new FunctionCallBlock(b.loc, b.tags, new ConstantBlock(values[0]), new ConstantBlock(values[1]), b.safe, argBlocks);
            return new Next(call, e, k);
        }

        private static final long serialVersionUID = 1L;
    }

    private static final long serialVersionUID = 1L;
}
