package dev.jslc.verifier;

import groovy.lang.Closure;
import groovy.lang.GString;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CompileUnit;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.FieldNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.PropertyNode;
import org.codehaus.groovy.ast.Variable;
import org.codehaus.groovy.ast.expr.AttributeExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.BooleanExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.NotExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.RangeExpression;
import org.codehaus.groovy.ast.expr.SpreadExpression;
import org.codehaus.groovy.ast.expr.SpreadMapExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.TernaryExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.UnaryMinusExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Types;

/**
 * A static approximation of Script Security's Groovy sandbox over the resolved AST. This class is the AST side: it
 * finds the call sites (method calls, property reads and writes, constructor calls, static calls, operators and
 * subscripts), works out the types the code states for their receivers and arguments, and reports each rejected call
 * at its position. Which member a call site reaches and whether the lists permit it is {@link CallSiteSelector}'s
 * (reflection, in the sandbox's order: {@link MemberCandidates}). Calls on the script itself (steps, globals, library
 * vars, own methods) and on library classes are allowed, as CpsWhitelist and ClassLoaderWhitelist allow them.
 * Untyped receivers pass when some whitelisted method has that name and arity.
 */
final class SandboxCheck extends CompilationCustomizer {
    /** A call the sandbox would reject, at its position (the caller adds the file name). */
    record Rejection(int line, int column, String message) {}

    private final CallSiteSelector selector;
    private final String primaryName;
    private final Set<String> libraryVars;
    private final Consumer<Rejection> rejections;

    SandboxCheck(Whitelist whitelist, String primaryName, Set<String> libraryVars, Consumer<Rejection> rejections) {
        super(CompilePhase.CANONICALIZATION);
        this.selector = new CallSiteSelector(whitelist);
        this.primaryName = primaryName;
        this.libraryVars = libraryVars;
        this.rejections = rejections;
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (!source.getName().equals(primaryName)) return;
        Visitor v = new Visitor(source, classNode);
        v.visitClass(classNode);
        for (MethodNode m : classNode.getMethods()) {
            for (Parameter p : m.getParameters()) {
                if (p.hasInitialExpression()) p.getInitialExpression().visit(v);
            }
        }
    }

    // ---------------------------------------------------------------- the visitor

    private final class Visitor extends ClassCodeVisitorSupport {
        private final SourceUnit source;
        private final ClassNode classNode;
        private final CompileUnit unit;
        private final Map<Expression, ValueType> results = new IdentityHashMap<>();
        /** def variables typed by their initializer, as long as no assignment of another type is seen. */
        private final Map<Variable, ValueType> inferred = new IdentityHashMap<>();
        private final Set<String> reported = new java.util.HashSet<>();

        Visitor(SourceUnit source, ClassNode classNode) {
            this.source = source;
            this.classNode = classNode;
            this.unit = classNode.getCompileUnit();
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        private void report(ASTNode at, ASTNode fallback, String message) {
            ASTNode n = at != null && at.getLineNumber() > 0 ? at : fallback;
            if (n == null || n.getLineNumber() <= 0) return; // generated code (script main, default-argument overloads)
            String key = n.getLineNumber() + ":" + n.getColumnNumber() + ":" + message;
            if (reported.add(key)) rejections.accept(new Rejection(n.getLineNumber(), n.getColumnNumber(), message));
        }

        // ---- typing

        ValueType typeOf(Expression e) {
            ValueType cached = results.get(e);
            if (cached != null) return cached;
            if (e instanceof ConstantExpression c) {
                Object v = c.getValue();
                if (v == null) return ValueType.NULL;
                return ValueType.exact(v.getClass());
            }
            if (e instanceof GStringExpression) return ValueType.exact(GString.class);
            if (e instanceof ListExpression) return ValueType.exact(ArrayList.class);
            if (e instanceof MapExpression) return ValueType.exact(LinkedHashMap.class);
            if (e instanceof RangeExpression) return ValueType.declared(groovy.lang.Range.class);
            if (e instanceof ClosureExpression) return ValueType.declared(Closure.class);
            if (e instanceof ConstructorCallExpression cc) {
                ValueType t = typeOfNode(cc.getType());
                return t.kind() == ValueType.Kind.CLASS ? ValueType.exact(t.cls()) : t;
            }
            if (e instanceof CastExpression c) return typeOfNode(c.getType());
            if (e instanceof VariableExpression v) return typeOfVariable(v);
            if (e instanceof NotExpression || e instanceof BooleanExpression) return ValueType.exact(Boolean.class);
            if (e instanceof UnaryMinusExpression u) return typeOf(u.getExpression());
            if (e instanceof TernaryExpression t) {
                ValueType a = typeOf(t.getTrueExpression());
                ValueType b = typeOf(t.getFalseExpression());
                return a.kind() == ValueType.Kind.CLASS && b.kind() == ValueType.Kind.CLASS && a.cls() == b.cls() ? new ValueType(ValueType.Kind.CLASS, a.cls(), a.exact() && b.exact(), a.name()) : ValueType.UNKNOWN;
            }
            if (e instanceof BinaryExpression b) {
                int op = b.getOperation().getType();
                if (b instanceof DeclarationExpression d) return typeOf(d.getLeftExpression());
                if (op == Types.ASSIGN) return typeOf(b.getRightExpression());
                if (op == Types.PLUS) {
                    ValueType l = typeOf(b.getLeftExpression());
                    if (l.kind() == ValueType.Kind.CLASS && (l.cls() == String.class || GString.class.isAssignableFrom(l.cls()))) return ValueType.exact(String.class);
                    return ValueType.UNKNOWN;
                }
                if (Types.ofType(op, Types.COMPARISON_OPERATOR) || op == Types.LOGICAL_AND || op == Types.LOGICAL_OR
                        || op == Types.KEYWORD_INSTANCEOF || op == Types.MATCH_REGEX) {
                    return ValueType.exact(Boolean.class);
                }
                return ValueType.UNKNOWN;
            }
            if (e instanceof MethodCallExpression call && call.isImplicitThis()) return ownMethodType(call.getMethodAsString(), call.getArguments());
            if (e instanceof StaticMethodCallExpression call) return ownMethodType(call.getMethod(), call.getArguments());
            if (e instanceof MethodCallExpression || e instanceof PropertyExpression) return ValueType.UNKNOWN;
            return ValueType.UNKNOWN;
        }

        private ValueType ownMethodType(String name, Expression arguments) {
            if (name == null) return ValueType.UNKNOWN;
            int n = Compiler.argCount(arguments);
            ClassNode returns = null;
            for (MethodNode m : classNode.getMethods(name)) {
                if (m.getParameters().length < n) continue;
                if (m.isDynamicReturnType()) return ValueType.UNKNOWN;
                if (returns != null && !returns.equals(m.getReturnType())) return ValueType.UNKNOWN;
                returns = m.getReturnType();
            }
            if (returns == null || returns.equals(ClassHelper.VOID_TYPE)) return ValueType.UNKNOWN;
            return typeOfNode(returns);
        }

        ValueType typeOfVariable(VariableExpression v) {
            if (v.isThisExpression() || v.isSuperExpression()) return ValueType.OWN;
            Variable acc = v.getAccessedVariable();
            if (acc == null || acc instanceof DynamicVariable) return global(v.getName());
            boolean dynamic;
            ClassNode declared;
            if (acc instanceof Parameter p) {
                dynamic = p.isDynamicTyped();
                declared = p.getOriginType();
            } else if (acc instanceof VariableExpression d) {
                dynamic = d.isDynamicTyped();
                declared = d.getOriginType();
            } else if (acc instanceof FieldNode f) {
                dynamic = f.isDynamicTyped();
                declared = f.getOriginType();
            } else if (acc instanceof PropertyNode p) {
                dynamic = p.isDynamicTyped();
                declared = p.getOriginType();
            } else {
                return ValueType.UNKNOWN;
            }
            if (!dynamic) return typeOfNode(declared);
            ValueType inferred = this.inferred.get(acc);
            if (inferred != null) return inferred;
            return SCRIPT_NAMES.contains(v.getName()) ? ValueType.global("steps") : ValueType.UNKNOWN;
        }

        /** A name the script does not declare: a Pipeline global, a library var, or a binding variable. */
        private ValueType global(String name) {
            if (libraryVars.contains(name)) return ValueType.OWN;
            return switch (name) {
                case "env", "docker" -> ValueType.global(name);
                case "steps", "script" -> ValueType.global("steps");
                case "params" -> ValueType.declared(Map.class);
                case "currentBuild" -> ValueType.opaque("org.jenkinsci.plugins.workflow.support.steps.build.RunWrapper");
                case "scm" -> ValueType.opaque("hudson.scm.SCM");
                default -> ValueType.UNKNOWN;
            };
        }

        ValueType typeOfNode(ClassNode cn) {
            if (cn == null) return ValueType.UNKNOWN;
            if (ClassHelper.isPrimitiveType(cn)) {
                if (cn.equals(ClassHelper.VOID_TYPE)) return ValueType.UNKNOWN;
                return ValueType.exact(MemberCandidates.wrap(cn.getTypeClass()));
            }
            String name = cn.getName();
            if (name.equals("java.lang.Object")) return ValueType.UNKNOWN;
            ClassNode r = cn.redirect();
            if (r.getNodeMetaData(JenkinsStubs.STUB) != null) return scriptLike(name) ? ValueType.global("steps") : ValueType.opaque(name);
            if (unit != null && unit.getClass(name) != null) return ValueType.OWN;
            if (scriptLike(name)) return ValueType.global("steps");
            Class<?> c = load(cn);
            if (c == null) return ValueType.opaque(name);
            return ValueType.declared(c);
        }

        private Class<?> load(ClassNode cn) {
            if (cn.isArray()) {
                Class<?> comp = load(cn.getComponentType());
                return comp == null ? null : Array.newInstance(comp, 0).getClass();
            }
            ClassNode r = cn.redirect();
            try {
                if (r.isResolved()) return r.getTypeClass();
            } catch (RuntimeException ignored) {
                // fall back to loading by name
            }
            try {
                return Class.forName(r.getName(), false, SandboxCheck.class.getClassLoader());
            } catch (Throwable t) {
                return null;
            }
        }

        ValueType[] argTypes(Expression arguments) {
            List<Expression> list = arguments instanceof TupleExpression t ? t.getExpressions() : List.of(arguments);
            ValueType[] out = new ValueType[list.size()];
            for (int i = 0; i < out.length; i++) {
                Expression a = list.get(i);
                if (a instanceof SpreadExpression || a instanceof SpreadMapExpression) return null;
                out[i] = typeOf(a);
            }
            return out;
        }

        // ---- visits

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            super.visitMethodCallExpression(call);
            String name = call.getMethodAsString();
            if (name == null || call.isImplicitThis()) return;
            Expression obj = call.getObjectExpression();
            if (obj instanceof VariableExpression v && (v.isThisExpression() || v.isSuperExpression())) return;
            ValueType[] args = argTypes(call.getArguments());
            if (obj instanceof ClassExpression ce) {
                ValueType t = typeOfNode(ce.getType());
                results.put(call, report(call, null, selector.staticMethod(t, name, args)));
                return;
            }
            ValueType recv = call.isSpreadSafe() ? ValueType.UNKNOWN : typeOf(obj);
            ValueType result = report(call.getMethod(), call, selector.method(recv, name, args));
            if (!call.isSpreadSafe()) results.put(call, result);
        }

        @Override
        public void visitConstructorCallExpression(ConstructorCallExpression call) {
            super.visitConstructorCallExpression(call);
            if (call.isSpecialCall() || call.isUsingAnonymousInnerClass()) return;
            ValueType t = typeOfNode(call.getType());
            ValueType[] args = argTypes(call.getArguments());
            report(call, null, selector.constructor(t, args));
        }

        @Override
        public void visitDeclarationExpression(DeclarationExpression d) {
            super.visitDeclarationExpression(d);
            if (!d.isMultipleAssignmentDeclaration() && d.getLeftExpression() instanceof VariableExpression v && v.isDynamicTyped()
                    && !(d.getRightExpression() instanceof org.codehaus.groovy.ast.expr.EmptyExpression)) {
                ValueType t = typeOf(d.getRightExpression());
                if (t.kind() != ValueType.Kind.UNKNOWN && t.kind() != ValueType.Kind.NULL) inferred.put(v, t);
            }
        }

        @Override
        public void visitBinaryExpression(BinaryExpression b) {
            if (!(b instanceof DeclarationExpression) && Types.ofType(b.getOperation().getType(), Types.ASSIGNMENT_OPERATOR)
                    && b.getLeftExpression() instanceof VariableExpression v && v.getAccessedVariable() != null) {
                super.visitBinaryExpression(b);
                Variable acc = v.getAccessedVariable();
                ValueType before = inferred.get(acc);
                if (before != null && (b.getOperation().getType() != Types.ASSIGN || !before.equals(typeOf(b.getRightExpression())))) {
                    inferred.put(acc, ValueType.UNKNOWN);
                }
                return;
            }
            if (b.getOperation().getType() == Types.ASSIGN && b.getLeftExpression() instanceof PropertyExpression p && !(p instanceof AttributeExpression)) {
                p.getObjectExpression().visit(this);
                p.getProperty().visit(this);
                b.getRightExpression().visit(this);
                propertySet(p, typeOf(b.getRightExpression()));
                return;
            }
            if (b.getOperation().getType() == Types.ASSIGN && b.getLeftExpression() instanceof BinaryExpression sub
                    && sub.getOperation().getType() == Types.LEFT_SQUARE_BRACKET) {
                // a[i] = v: the sandbox checks putAt(i, v)
                sub.getLeftExpression().visit(this);
                sub.getRightExpression().visit(this);
                b.getRightExpression().visit(this);
                report(b, null, selector.subscript(typeOf(sub.getLeftExpression()), "putAt", new ValueType[] {typeOf(sub.getRightExpression()), typeOf(b.getRightExpression())}));
                return;
            }
            super.visitBinaryExpression(b);
            if (b instanceof DeclarationExpression) return;
            String method = operatorMethod(b.getOperation().getType());
            if (method == null) return;
            ValueType right = typeOf(b.getRightExpression());
            if (method.equals("getAt")) {
                results.put(b, report(b, null, selector.subscript(typeOf(b.getLeftExpression()), "getAt", new ValueType[] {right})));
            } else {
                results.put(b, report(b, null, selector.method(typeOf(b.getLeftExpression()), method, new ValueType[] {right})));
            }
        }

        @Override
        public void visitPropertyExpression(PropertyExpression p) {
            super.visitPropertyExpression(p);
            ValueType t = propertyGet(p);
            if (t != null) results.put(p, t);
        }

        @Override
        public void visitAttributeExpression(AttributeExpression p) {
            super.visitPropertyExpression(p);
        }

        @Override
        public void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
            super.visitStaticMethodCallExpression(call);
            // The class's own static method, or one brought in by a static import (import static java.lang.System.getenv).
            ValueType owner = typeOfNode(call.getOwnerType());
            if (owner.kind() == ValueType.Kind.OWN || owner.kind() == ValueType.Kind.UNKNOWN) return;
            results.put(call, report(call, null, selector.staticMethod(owner, call.getMethod(), argTypes(call.getArguments()))));
        }

        // ---- what the call sites resolve to (CallSiteSelector), reported where the finding belongs

        private ValueType report(ASTNode at, ASTNode fallback, CallSiteSelector.Selection s) {
            if (s.rejection() != null) report(at, fallback, s.rejection());
            return s.type();
        }

        private ValueType propertyGet(PropertyExpression p) {
            String prop = p.getPropertyAsString();
            if (prop == null || p.isImplicitThis()) return null;
            Expression obj = p.getObjectExpression();
            if (obj instanceof VariableExpression v && (v.isThisExpression() || v.isSuperExpression())) return null;
            ASTNode at = p.getProperty();
            if (obj instanceof ClassExpression ce) return report(at, p, selector.staticProperty(typeOfNode(ce.getType()), prop));
            ValueType t = p.isSpreadSafe() ? ValueType.UNKNOWN : typeOf(obj);
            return report(at, p, selector.property(t, prop));
        }

        private void propertySet(PropertyExpression p, ValueType value) {
            String prop = p.getPropertyAsString();
            if (prop == null || p.isImplicitThis()) return;
            Expression obj = p.getObjectExpression();
            if (obj instanceof VariableExpression v && (v.isThisExpression() || v.isSuperExpression())) return;
            ASTNode at = p.getProperty();
            ValueType t = p.isSpreadSafe() ? ValueType.UNKNOWN : typeOf(obj);
            if (obj instanceof ClassExpression ce) t = typeOfNode(ce.getType());
            report(at, p, selector.propertySet(t, prop, value));
        }
    }

    /** A script object: its methods are steps, globals and library vars (CpsWhitelist allows them). */
    static boolean scriptLike(String className) {
        return className.equals("groovy.lang.Script") || className.equals("org.jenkinsci.plugins.workflow.cps.CpsScript")
                || className.equals("org.jenkinsci.plugins.workflow.cps.DSL") || className.equals("com.cloudbees.groovy.cps.SerializableScript");
    }

    /** Untyped names that library classes conventionally give the script object they are handed. */
    static final Set<String> SCRIPT_NAMES = Set.of("steps", "script", "dsl", "context", "ctx", "pipeline", "jenkinsScript", "workflowScript");

    /** The method the sandbox checks for a binary operator (as groovy-sandbox's Ops maps them), or null. */
    static String operatorMethod(int op) {
        return switch (op) {
            case Types.PLUS, Types.PLUS_EQUAL -> "plus";
            case Types.MINUS, Types.MINUS_EQUAL -> "minus";
            case Types.MULTIPLY, Types.MULTIPLY_EQUAL -> "multiply";
            case Types.DIVIDE, Types.DIVIDE_EQUAL -> "div";
            case Types.INTDIV, Types.INTDIV_EQUAL -> "intdiv";
            case Types.MOD, Types.MOD_EQUAL -> "mod";
            case Types.POWER, Types.POWER_EQUAL -> "power";
            case Types.LEFT_SHIFT, Types.LEFT_SHIFT_EQUAL -> "leftShift";
            case Types.RIGHT_SHIFT, Types.RIGHT_SHIFT_EQUAL -> "rightShift";
            case Types.RIGHT_SHIFT_UNSIGNED, Types.RIGHT_SHIFT_UNSIGNED_EQUAL -> "rightShiftUnsigned";
            case Types.BITWISE_AND, Types.BITWISE_AND_EQUAL -> "and";
            case Types.BITWISE_OR, Types.BITWISE_OR_EQUAL -> "or";
            case Types.BITWISE_XOR, Types.BITWISE_XOR_EQUAL -> "xor";
            case Types.LEFT_SQUARE_BRACKET -> "getAt";
            default -> null;
        };
    }
}
