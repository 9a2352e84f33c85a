package dev.jslc.executor.cps;

import java.util.List;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.ReturnStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.classgen.Verifier;

/**
 * Generates the overloads of methods with default parameters ({@code def f(a, b = 2)} gets {@code f(a)}, which calls
 * {@code f(a, 2)}) before the CPS transformation instead of at class generation, so that they are CPS-transformed like
 * any method, as current groovy-cps does (SECURITY-1710, 2020: CpsTransformer.call expands the initial expressions
 * first; jenkinsci/workflow-cps-plugin lib/src/main/java/com/cloudbees/groovy/cps/CpsTransformer.java, today through
 * groovy-sandbox's SandboxTransformer.InitialExpressionExpander). Groovy's own Verifier makes the overloads (its
 * {@code addDefaultParameterMethods} is protected, hence the subclass) and clears the initial expressions, so class
 * generation does not make them again.
 */
public final class DefaultParameterOverloads extends Verifier {
    /** Adds the overloads of {@code node}'s methods with default parameters to {@code node}. */
    public void expand(ClassNode node) {
        setClassNode(node);
        addDefaultParameterMethods(node);
        for (MethodNode m : node.getMethods()) {
            if (Boolean.TRUE.equals(m.getNodeMetaData(Verifier.DEFAULT_PARAMETER_GENERATED))) bindArguments(m);
        }
    }

    /**
     * The generated body ends in a call {@code f((T) a, …, <default>)} whose variables name the overload's parameters
     * but are not bound to them (Groovy binds them later, at class generation); the CPS transformer needs them bound
     * to read them as local variables.
     */
    private static void bindArguments(MethodNode m) {
        MethodCallExpression call = lastCall(m);
        if (call == null) return;
        for (Expression arg : ((TupleExpression) call.getArguments()).getExpressions()) {
            if (!(arg instanceof CastExpression)) continue;
            Expression inner = ((CastExpression) arg).getExpression();
            if (!(inner instanceof VariableExpression)) continue; // an inlined default value
            VariableExpression v = (VariableExpression) inner;
            if (v.getAccessedVariable() != null) continue;
            Parameter p = parameter(m, v.getName());
            v.setAccessedVariable(p != null ? p : v);
        }
    }

    private static Parameter parameter(MethodNode m, String name) {
        for (Parameter p : m.getParameters()) if (p.getName().equals(name)) return p;
        return null;
    }

    private static MethodCallExpression lastCall(MethodNode m) {
        if (!(m.getCode() instanceof BlockStatement)) return null;
        List<Statement> body = ((BlockStatement) m.getCode()).getStatements();
        if (body.isEmpty()) return null;
        Statement last = body.get(body.size() - 1);
        Expression e = last instanceof ReturnStatement ? ((ReturnStatement) last).getExpression()
                : last instanceof ExpressionStatement ? ((ExpressionStatement) last).getExpression() : null;
        return e instanceof MethodCallExpression ? (MethodCallExpression) e : null;
    }
}
