package dev.jslc.executor;

import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.NamedArgumentListExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Renames the when condition {@code equals(expected: …, actual: …)} to {@code jslcWhenEquals(…)} at compile time.
 * Inside a closure Groovy gives a call named {@code equals} to the closure's own Object.equals(Object), so a
 * recording delegate never sees it and the condition would silently pass; Jenkins reads the condition from the AST
 * (pipeline-model-definition's EqualsConditional), so it never meets this. Only implicit-this calls with named
 * arguments are renamed: {@code a.equals(b)} is untouched.
 */
final class WhenEquals extends CompilationCustomizer {
    WhenEquals() {
        super(CompilePhase.CONVERSION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        new ClassCodeExpressionTransformer() {
            @Override
            protected SourceUnit getSourceUnit() {
                return source;
            }

            @Override
            public Expression transform(Expression e) {
                if (e instanceof ClosureExpression) {
                    ((ClosureExpression) e).getCode().visit(this);
                    return e;
                }
                if (e instanceof MethodCallExpression) {
                    MethodCallExpression m = (MethodCallExpression) e;
                    if (m.isImplicitThis() && "equals".equals(m.getMethodAsString()) && m.getArguments() instanceof TupleExpression) {
                        TupleExpression args = (TupleExpression) m.getArguments();
                        if (args.getExpressions().size() == 1 && args.getExpression(0) instanceof NamedArgumentListExpression) {
                            MethodCallExpression r = new MethodCallExpression(m.getObjectExpression(), "jslcWhenEquals", transform(args));
                            r.setImplicitThis(true);
                            r.setSourcePosition(m);
                            return r;
                        }
                    }
                }
                return super.transform(e);
            }
        }.visitClass(classNode);
    }
}
