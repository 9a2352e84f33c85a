package dev.jslc.executor;

import com.cloudbees.groovy.cps.Builder;
import com.cloudbees.groovy.cps.CpsTransformer;
import dev.jslc.executor.cps.DefaultParameterOverloads;
import dev.jslc.executor.cps.JslcBlocks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.EmptyExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.NotExpression;
import org.codehaus.groovy.ast.expr.SpreadExpression;
import org.codehaus.groovy.ast.expr.SpreadMapExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.AsmClassGenerator;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.LabelVerifier;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.syntax.Types;

/**
 * groovy-cps 1.31's {@link CpsTransformer} (the newest on Maven Central) with the language changes the engine inside
 * current Jenkins made since (jenkinsci/workflow-cps-plugin, lib/src/main/java/com/cloudbees/groovy/cps/, which now
 * holds groovy-cps). Every script the executor runs (Jenkinsfile, library vars and src, runtime.groovy) is compiled
 * with it; a sandbox transformer extends it. Each difference, and what is not emulated, is listed in
 * runner/executor/README.md ("groovy-cps 1.31 and the current engine"):
 *
 * <ul>
 *   <li>{@code break}/{@code continue} outside a loop (or switch) is a compile error with the line, as Groovy's
 *       {@link LabelVerifier} reports it (JENKINS-57253, CpsTransformer.call; 1.31 compiled it);
 *   <li>the overloads Groovy generates for default parameters ({@code def f(a, b = g())}) are generated before the
 *       transformation and so are CPS-transformed too (SECURITY-1710, CpsTransformer.call's InitialExpressionExpander;
 *       in 1.31 they were plain Groovy, so a CPS call in a default value returned from {@code f} itself);
 *   <li>an assignment ({@code =}, {@code +=} …) evaluates to the value assigned (JENKINS-62064, impl/AssignmentBlock;
 *       null in 1.31), also in declarations;
 *   <li>{@code a || b} and {@code a && b} are Booleans (impl/LogicalOpBlock casts the right-hand side since 2022; 1.31
 *       gave the right-hand side's value);
 *   <li>spread arguments, spread list elements and spread maps ({@code f(*l)}, {@code [*l, 3]}, {@code [*:m]}) work
 *       (impl/SpreadBlock, impl/SpreadMapBlock, 2022; a compile error in 1.31). A spread-safe call ({@code l*.m()})
 *       is still rejected, with upstream's message, by 1.31's code;
 *   <li>a method pointer with a GString name ({@code this.&"${name}"}) works (impl/MethodPointerBlock, 2022; a
 *       ClassCastException in 1.31).
 * </ul>
 */
public class JslcCpsTransformer extends CpsTransformer {
    private static final ClassNode BLOCKS = ClassHelper.make(JslcBlocks.class);
    private static final ClassNode BUILDER = ClassHelper.make(Builder.class);

    /** Compound assignment tokens and the operator method each calls (as 1.31's Builder maps them). */
    private static final Map<Integer, String> COMPOUND = new HashMap<>();

    static {
        COMPOUND.put(Types.PLUS_EQUAL, "plus");
        COMPOUND.put(Types.MINUS_EQUAL, "minus");
        COMPOUND.put(Types.MULTIPLY_EQUAL, "multiply");
        COMPOUND.put(Types.DIVIDE_EQUAL, "div");
        COMPOUND.put(Types.INTDIV_EQUAL, "intdiv");
        COMPOUND.put(Types.MOD_EQUAL, "mod");
        COMPOUND.put(Types.POWER_EQUAL, "power");
        COMPOUND.put(Types.LEFT_SHIFT_EQUAL, "leftShift");
        COMPOUND.put(Types.RIGHT_SHIFT_EQUAL, "rightShift");
        COMPOUND.put(Types.RIGHT_SHIFT_UNSIGNED_EQUAL, "rightShiftUnsigned");
        COMPOUND.put(Types.BITWISE_AND_EQUAL, "and");
        COMPOUND.put(Types.BITWISE_OR_EQUAL, "or");
        COMPOUND.put(Types.BITWISE_XOR_EQUAL, "xor");
    }

    /** A transformer with the default configuration (set a safepoint with {@code setConfiguration}). */
    public JslcCpsTransformer() {
        super();
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (!classNode.isInterface()) {
            // As current CpsTransformer.call, before anything is transformed: Groovy's own label check (it would
            // otherwise run at class generation, when the CPS-transformed bodies no longer hold the statements) …
            new LabelVerifier(source).visitClass(classNode);
            // … and the default-parameter overloads, so that the loop over the methods below transforms them too.
            new DefaultParameterOverloads().expand(classNode);
        }
        super.call(source, context, classNode);
    }

    /**
     * Emits {@code JslcBlocks.method(b, children…)}: a block of this project's, made next to the method's groovy-cps
     * Builder {@code b} (the local variable CpsTransformer declares in each generated {@code ___cps___N} method).
     */
    private void makeJslcNode(String method, Runnable children) {
        TupleExpression args = makeChildren(() -> {
            parent.call(new VariableExpression("b", BUILDER));
            children.run();
        });
        parent.call(new StaticMethodCallExpression(BLOCKS, method, args));
    }

    private static boolean hasSpread(List<Expression> exps) {
        for (Expression e : exps) if (e instanceof SpreadExpression) return true;
        return false;
    }

    @Override
    public void visitBinaryExpression(BinaryExpression exp) {
        int op = exp.getOperation().getType();
        if (op == Types.LOGICAL_OR || op == Types.LOGICAL_AND) {
            // a || b as a || !!b: 1.31's LogicalOpBlock passes the right-hand side on uncast, current groovy-cps casts
            // it with castToBoolean (LogicalOpBlock.castRhs), which is what 1.31's NotBlock applies.
            NotExpression inner = new NotExpression(exp.getRightExpression());
            inner.setSourcePosition(exp.getRightExpression());
            NotExpression outer = new NotExpression(inner);
            outer.setSourcePosition(exp.getRightExpression());
            BinaryExpression cast = new BinaryExpression(exp.getLeftExpression(), exp.getOperation(), outer);
            cast.setSourcePosition(exp);
            super.visitBinaryExpression(cast);
            return;
        }
        String compound = COMPOUND.get(op);
        if ((op == Types.EQUAL || compound != null) && !(exp.getLeftExpression() instanceof TupleExpression)) {
            makeJslcNode("assign", () -> {
                loc(exp);
                visit(exp.getLeftExpression());
                visit(exp.getRightExpression());
                parent.call(new ConstantExpression(compound));
            });
            return;
        }
        super.visitBinaryExpression(exp);
    }

    @Override
    public void visitDeclarationExpression(DeclarationExpression exp) {
        if (exp.isMultipleAssignmentDeclaration() || exp.getRightExpression() instanceof EmptyExpression) {
            super.visitDeclarationExpression(exp);
            return;
        }
        // def x = v, whose value (the last statement of a closure, say) is v as in current groovy-cps, where
        // Builder.declareVariable's assignment is an AssignmentBlock that passes its right-hand side on.
        VariableExpression v = exp.getVariableExpression();
        makeJslcNode("declare", () -> {
            loc(exp);
            literal(v.getType());
            literal(v.getName());
            // Through the hook 1.31's own declaration uses, so a subclass (the sandbox's) still checks the cast.
            visitAssignmentOrCast(v, exp.getRightExpression());
        });
    }

    @Override
    public void visitSpreadExpression(SpreadExpression expression) {
        makeJslcNode("spread", () -> {
            loc(expression);
            visit(expression.getExpression());
        });
    }

    @Override
    public void visitSpreadMapExpression(SpreadMapExpression expression) {
        makeJslcNode("spreadMap", () -> {
            loc(expression);
            visit(expression.getExpression());
        });
    }

    @Override
    public void visitListExpression(ListExpression exp) {
        if (!hasSpread(exp.getExpressions()) || exp.getExpressions().size() > 250) {
            super.visitListExpression(exp); // also 1.31's "List expressions can only contain up to 250 elements"
            return;
        }
        makeJslcNode("list", () -> visit(exp.getExpressions()));
    }

    @Override
    public void visitMethodCallExpression(MethodCallExpression call) {
        List<Expression> args = ((TupleExpression) call.getArguments()).getExpressions();
        if (call.isSpreadSafe() || !hasSpread(args)) {
            super.visitMethodCallExpression(call); // l*.m() stays 1.31's (and current groovy-cps') compile error
            return;
        }
        makeJslcNode("functionCall", () -> {
            loc(call);
            // As CpsTransformer.visitMethodCallExpression: an implicit this is Java's this.
            if (call.isImplicitThis() && AsmClassGenerator.isThisExpression(call.getObjectExpression())) {
                makeNode("javaThis_");
            } else {
                visit(call.getObjectExpression());
            }
            visit(call.getMethod());
            literal(call.isSafe());
            visit(args);
        });
    }

    @Override
    public void visitConstructorCallExpression(ConstructorCallExpression call) {
        List<Expression> args = ((TupleExpression) call.getArguments()).getExpressions();
        if (!hasSpread(args)) {
            super.visitConstructorCallExpression(call);
            return;
        }
        makeJslcNode("new_", () -> {
            loc(call);
            literal(call.getType());
            visit(args);
        });
    }

    @Override
    public void visitMethodPointerExpression(MethodPointerExpression exp) {
        if (exp.getMethodName() instanceof ConstantExpression) {
            super.visitMethodPointerExpression(exp);
            return;
        }
        // this.&"${name}": current MethodPointerBlock turns a GString name into a String (2022, #614); 1.31 casts it
        // to String and fails with a ClassCastException.
        makeNode("methodPointer", () -> {
            loc(exp);
            visit(exp.getExpression());
            makeJslcNode("methodName", () -> visit(exp.getMethodName()));
        });
    }

    @Override
    public void visitStaticMethodCallExpression(StaticMethodCallExpression exp) {
        List<Expression> args = ((TupleExpression) exp.getArguments()).getExpressions();
        if (!hasSpread(args)) {
            super.visitStaticMethodCallExpression(exp);
            return;
        }
        makeJslcNode("functionCall", () -> {
            loc(exp);
            makeNode("constant", new ClassExpression(exp.getOwnerType()));
            makeNode("constant", new ConstantExpression(exp.getMethod()));
            literal(false);
            visit(args);
        });
    }
}
