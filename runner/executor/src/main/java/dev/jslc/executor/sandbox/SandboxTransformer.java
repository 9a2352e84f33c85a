package dev.jslc.executor.sandbox;

import com.cloudbees.groovy.cps.sandbox.Untrusted;
import dev.jslc.executor.JslcCpsTransformer;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.FieldNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.RangeExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.SourceUnit;

/**
 * The CPS transformation of untrusted code: the executor's CPS transformer plus groovy-sandbox 1.19's
 * {@code SandboxTransformer}, following the design of groovy-cps 1.31's SandboxCpsTransformer (which needs
 * groovy-sandbox 1.21, not on Maven Central):
 *
 * <ul>
 * <li>CPS-transformed code gets the {@link Untrusted} call-site tag, so {@link CheckedInvoker} checks its calls;</li>
 * <li>code CPS does not transform (constructors, {@code @NonCPS} methods, field initializers, initializer blocks) is
 *     rewritten by groovy-sandbox's visitor into {@code Checker.checked*} calls;</li>
 * <li>an explicit cast ({@code (T) x}, {@code x as T}) and an implicit cast to a declared variable type that might
 *     call a constructor ({@code File f = '/etc/passwd'}, {@code SandboxTransformer.mightBePositionalArgumentConstructor})
 *     become {@code Checker.checkedCast}, which checks the constructor or interface methods the cast would call;</li>
 * <li>a range expression calls {@link Ranges#checkedCreateRange} (current groovy-sandbox's range check);</li>
 * <li>a {@code finalize()} method fails the compilation with groovy-sandbox 1.21's SecurityException
 *     ({@code Sandboxed code may not override Object.finalize()}: a finalizer would run outside the sandbox).</li>
 * </ul>
 */
public class SandboxTransformer extends JslcCpsTransformer {
    private final org.kohsuke.groovy.sandbox.SandboxTransformer st = new org.kohsuke.groovy.sandbox.SandboxTransformer();
    private ClassCodeExpressionTransformer stv;

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        stv = st.createVisitor(source, classNode);
        super.call(source, context, classNode);
    }

    @Override
    protected void processConstructors(ClassNode classNode) {
        st.processConstructors(stv, classNode);
    }

    @Override
    protected void visitNontransformedMethod(MethodNode m) {
        forbidIfFinalizer(m);
        stv.visitMethod(m);
    }

    @Override
    protected void visitNontransformedField(FieldNode f) {
        stv.visitField(f);
    }

    @Override
    protected void visitNontransformedStatement(Statement s) {
        s.visit(stv);
    }

    @Override
    public void visitMethod(MethodNode m) {
        forbidIfFinalizer(m);
        super.visitMethod(m);
    }

    /**
     * groovy-sandbox 1.21's SandboxTransformer.forbidIfFinalizer: a public/protected void {@code finalize} whose
     * parameters all have defaults (so Groovy generates a no-argument overload) overrides Object.finalize().
     */
    private static void forbidIfFinalizer(MethodNode m) {
        if (m.getName().equals("finalize") && m.isVoidMethod() && !m.isPrivate() && !m.isStatic()) {
            for (Parameter p : m.getParameters()) {
                if (!p.hasInitialExpression()) return;
            }
            throw new SecurityException("Sandboxed code may not override Object.finalize()");
        }
    }

    @Override
    public void visitCastExpression(final CastExpression exp) {
        makeNode("sandboxCastOrCoerce", () -> {
            loc(exp);
            visit(exp.getExpression());
            literal(exp.getType());
            literal(exp.isIgnoringAutoboxing());
            literal(exp.isCoerce());
            literal(exp.isStrict());
        });
    }

    @Override
    protected void visitAssignmentOrCast(final VariableExpression varExp, final Expression rhs) {
        if (org.kohsuke.groovy.sandbox.SandboxTransformer.mightBePositionalArgumentConstructor(varExp)) {
            makeNode("sandboxCastOrCoerce", () -> {
                loc(varExp);
                visit(rhs);
                literal(varExp.getType());
                literal(false);
                literal(true);
                literal(false);
            });
        } else {
            super.visitAssignmentOrCast(varExp, rhs);
        }
    }

    @Override
    protected void getMultipleAssignmentValueOrCast(final VariableExpression varExp, final Expression rhs, final Expression index) {
        if (org.kohsuke.groovy.sandbox.SandboxTransformer.mightBePositionalArgumentConstructor(varExp)) {
            makeNode("sandboxCastOrCoerce", () -> {
                loc(varExp);
                makeNode("array", () -> {
                    loc(rhs);
                    visit(rhs);
                    makeNode("constant", index);
                });
                literal(varExp.getType());
                literal(false);
                literal(true);
                literal(false);
            });
        } else {
            super.getMultipleAssignmentValueOrCast(varExp, rhs, index);
        }
    }

    /** A range calls {@link Ranges#checkedCreateRange} (current groovy-sandbox's check) instead of ScriptBytecodeAdapter.createRange. */
    @Override
    public void visitRangeExpression(final RangeExpression exp) {
        makeNode("staticCall", () -> {
            loc(exp);
            literal(RANGES);
            literal("checkedCreateRange");
            visit(exp.getFrom());
            visit(exp.getTo());
            makeNode("constant", new ConstantExpression(exp.isInclusive(), true));
        });
    }

    private static final ClassNode RANGES = ClassHelper.make(Ranges.class);

    @Override
    protected Class getTrustTag() {
        return Untrusted.class;
    }

}
