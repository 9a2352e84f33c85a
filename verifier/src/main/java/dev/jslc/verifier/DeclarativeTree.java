package dev.jslc.verifier;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.NamedArgumentListExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.UnaryMinusExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.CaseStatement;
import org.codehaus.groovy.ast.stmt.CatchStatement;
import org.codehaus.groovy.ast.stmt.DoWhileStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.ForStatement;
import org.codehaus.groovy.ast.stmt.IfStatement;
import org.codehaus.groovy.ast.stmt.ReturnStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.ast.stmt.SwitchStatement;
import org.codehaus.groovy.ast.stmt.SynchronizedStatement;
import org.codehaus.groovy.ast.stmt.TryCatchStatement;
import org.codehaus.groovy.ast.stmt.WhileStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Dumps the call tree of every top-level {@code pipeline { ... }} call of a file (in a method such as
 * {@code def call(...) { pipeline { ... } }}, or in the script body), straight after parsing.
 *
 * <p>Node: {@code {"name","line","column","args":[arg…],"body":[node…]|null}}; a statement that is not a method call
 * on the implicit receiver is {@code {"name":"<statement>","text","line","column"}}. Arg:
 * {@code {"kind":"literal","value"}}, {@code {"kind":"named","name","value":arg}},
 * {@code {"kind":"call","name","args":[arg…]}} (a call on the implicit receiver, such as credentials('x')), or
 * {@code {"kind":"expr","text"}} with the source text of anything else.
 */
final class DeclarativeTree extends CompilationCustomizer {
    private final String primaryName;
    private final SourceText text;
    private final Consumer<Map<String, Object>> sink;

    DeclarativeTree(String primaryName, SourceText text, Consumer<Map<String, Object>> sink) {
        super(CompilePhase.CONVERSION);
        this.primaryName = primaryName;
        this.text = text;
        this.sink = sink;
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (!source.getName().equals(primaryName)) return;
        List<MethodNode> methods = new ArrayList<>(classNode.getMethods());
        methods.sort((a, b) -> Integer.compare(a.getLineNumber(), b.getLineNumber()));
        for (MethodNode m : methods) {
            if (m.getCode() != null) find(m.getCode());
        }
    }

    /** Looks for pipeline calls in statements (and nested blocks), not inside closures. */
    private void find(Statement s) {
        if (s == null) return;
        if (s instanceof BlockStatement b) {
            for (Statement x : b.getStatements()) find(x);
        } else if (s instanceof ExpressionStatement e) {
            pipelineCall(e.getExpression());
        } else if (s instanceof ReturnStatement r) {
            pipelineCall(r.getExpression());
        } else if (s instanceof IfStatement i) {
            find(i.getIfBlock());
            find(i.getElseBlock());
        } else if (s instanceof TryCatchStatement t) {
            find(t.getTryStatement());
            for (CatchStatement c : t.getCatchStatements()) find(c.getCode());
            find(t.getFinallyStatement());
        } else if (s instanceof ForStatement f) {
            find(f.getLoopBlock());
        } else if (s instanceof WhileStatement w) {
            find(w.getLoopBlock());
        } else if (s instanceof DoWhileStatement w) {
            find(w.getLoopBlock());
        } else if (s instanceof SwitchStatement w) {
            for (CaseStatement c : w.getCaseStatements()) find(c.getCode());
            find(w.getDefaultStatement());
        } else if (s instanceof SynchronizedStatement y) {
            find(y.getCode());
        }
    }

    private void pipelineCall(Expression e) {
        if (e instanceof MethodCallExpression call && call.isImplicitThis() && "pipeline".equals(call.getMethodAsString())) {
            sink.accept(node(call));
        }
    }

    Map<String, Object> node(MethodCallExpression call) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("name", call.getMethodAsString());
        ASTNode pos = call.getMethod().getLineNumber() > 0 ? call.getMethod() : call;
        n.put("line", pos.getLineNumber());
        n.put("column", pos.getColumnNumber());
        List<Expression> args = arguments(call.getArguments());
        ClosureExpression closure = null;
        if (!args.isEmpty() && args.get(args.size() - 1) instanceof ClosureExpression c) {
            closure = c;
            args = args.subList(0, args.size() - 1);
        }
        n.put("args", renderArgs(args));
        if (closure == null) {
            n.put("body", null);
        } else {
            List<Object> body = new ArrayList<>();
            Statement code = closure.getCode();
            List<Statement> statements = code instanceof BlockStatement b ? b.getStatements() : List.of(code);
            for (Statement s : statements) body.add(statement(s));
            n.put("body", body);
        }
        return n;
    }

    private Object statement(Statement s) {
        if (s instanceof ExpressionStatement e && e.getExpression() instanceof MethodCallExpression call && call.isImplicitThis()
                && call.getMethodAsString() != null) {
            return node(call);
        }
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("name", "<statement>");
        ASTNode pos = s.getLineNumber() > 0 ? s : (s instanceof ExpressionStatement e ? e.getExpression() : s);
        n.put("text", text.of(pos, s.getText()));
        n.put("line", pos.getLineNumber());
        n.put("column", pos.getColumnNumber());
        return n;
    }

    private static List<Expression> arguments(Expression args) {
        if (args instanceof ArgumentListExpression a) return a.getExpressions();
        if (args instanceof TupleExpression t) return t.getExpressions();
        return args == null ? List.of() : List.of(args);
    }

    private List<Object> renderArgs(List<Expression> args) {
        List<Object> out = new ArrayList<>();
        for (Expression a : args) {
            if (a instanceof NamedArgumentListExpression || (a instanceof MapExpression m && isNamedArgs(m, args))) {
                for (MapEntryExpression entry : ((MapExpression) a).getMapEntryExpressions()) {
                    Map<String, Object> named = new LinkedHashMap<>();
                    named.put("kind", "named");
                    Expression key = entry.getKeyExpression();
                    named.put("name", key instanceof ConstantExpression c && c.getValue() != null ? String.valueOf(c.getValue()) : text.of(key, key.getText()));
                    named.put("value", arg(entry.getValueExpression()));
                    out.add(named);
                }
            } else {
                out.add(arg(a));
            }
        }
        return out;
    }

    /**
     * Named arguments: Groovy gathers {@code a: 1} into a NamedArgumentListExpression, or into a plain MapExpression
     * when a closure follows ({@code timeout(time: 5) { … }}); a map literal {@code [a: 1]} is written in brackets.
     */
    private boolean isNamedArgs(MapExpression m, List<Expression> args) {
        if (m instanceof NamedArgumentListExpression) return true;
        if (m.getMapEntryExpressions().isEmpty()) return false;
        String src = text.of(m, null);
        if (src != null) return !src.startsWith("[");
        return false;
    }

    Object arg(Expression e) {
        Map<String, Object> a = new LinkedHashMap<>();
        Object literal = literal(e);
        if (literal != NOT_LITERAL) {
            a.put("kind", "literal");
            a.put("value", literal);
            return a;
        }
        if (e instanceof MethodCallExpression call && call.isImplicitThis() && call.getMethodAsString() != null) {
            a.put("kind", "call");
            a.put("name", call.getMethodAsString());
            a.put("args", renderArgs(arguments(call.getArguments())));
            return a;
        }
        a.put("kind", "expr");
        a.put("text", text.of(e, e.getText()));
        return a;
    }

    private static final Object NOT_LITERAL = new Object();

    private static Object literal(Expression e) {
        if (e instanceof ConstantExpression c) {
            Object v = c.getValue();
            if (v == null || v instanceof String || v instanceof Boolean) return v;
            if (v instanceof Integer || v instanceof Long || v instanceof BigInteger || v instanceof BigDecimal
                    || v instanceof Double || v instanceof Float || v instanceof Short || v instanceof Byte) {
                return v;
            }
            if (v instanceof Character ch) return String.valueOf(ch);
            return NOT_LITERAL;
        }
        if (e instanceof UnaryMinusExpression u && u.getExpression() instanceof ConstantExpression c) {
            Object v = c.getValue();
            if (v instanceof Integer i) return -i;
            if (v instanceof Long l) return -l;
            if (v instanceof BigInteger b) return b.negate();
            if (v instanceof BigDecimal d) return d.negate();
            if (v instanceof Double d) return -d;
            if (v instanceof Float f) return -f;
        }
        return NOT_LITERAL;
    }
}
