package dev.jslc.verifier;

import groovy.lang.Closure;
import groovy.lang.GString;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * A static approximation of Script Security's Groovy sandbox (SandboxInterceptor + GroovyCallSiteSelector) over the
 * resolved AST: each method call, property access, constructor call and static call whose receiver type the code
 * states is resolved by reflection the way the sandbox resolves it at run time (supertypes first, then the GDK
 * classes), and the resulting signature is looked up in the whitelists and the blacklist. Calls on the script itself
 * (steps, globals, library vars, own methods) and on library classes are allowed, as CpsWhitelist and
 * ClassLoaderWhitelist allow them. Untyped receivers pass when some whitelisted method has that name and arity.
 */
final class SandboxCheck extends CompilationCustomizer {
    /** A finding before it gets its file name. */
    record Hit(int line, int column, String message) {}

    private static final Map<Class<?>, Method[]> METHODS = new HashMap<>();

    private static final Class<?>[] DGM_CLASSES = loadAll(
            "org.codehaus.groovy.runtime.DefaultGroovyMethods",
            "org.codehaus.groovy.runtime.StringGroovyMethods",
            "org.codehaus.groovy.runtime.SwingGroovyMethods",
            "org.codehaus.groovy.runtime.SqlGroovyMethods",
            "org.codehaus.groovy.runtime.XmlGroovyMethods",
            "org.codehaus.groovy.runtime.EncodingGroovyMethods",
            "org.codehaus.groovy.runtime.DateGroovyMethods",
            "org.codehaus.groovy.runtime.ProcessGroovyMethods");

    private static final Set<String> NUMBER_MATH_NAMES = Set.of("plus", "minus", "multiply", "div", "compareTo", "or", "and",
            "xor", "intdiv", "mod", "leftShift", "rightShift", "rightShiftUnsigned");

    private final Whitelist whitelist;
    private final String primaryName;
    private final Set<String> libraryVars;
    private final Consumer<Hit> sink;

    SandboxCheck(Whitelist whitelist, String primaryName, Set<String> libraryVars, Consumer<Hit> sink) {
        super(CompilePhase.CANONICALIZATION);
        this.whitelist = whitelist;
        this.primaryName = primaryName;
        this.libraryVars = libraryVars;
        this.sink = sink;
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

    private static Class<?>[] loadAll(String... names) {
        List<Class<?>> out = new ArrayList<>();
        for (String n : names) {
            try {
                Class<?> c = Class.forName(n, false, SandboxCheck.class.getClassLoader());
                methods(c);
                out.add(c);
            } catch (Throwable ignored) {
                // a GDK class whose dependencies are missing (e.g. Swing on a stripped JRE) has nothing to offer
            }
        }
        return out.toArray(new Class<?>[0]);
    }

    private static Method[] methods(Class<?> c) {
        synchronized (METHODS) {
            Method[] m = METHODS.get(c);
            if (m == null) {
                try {
                    m = c.getDeclaredMethods();
                } catch (Throwable t) {
                    m = new Method[0];
                }
                METHODS.put(c, m);
            }
            return m;
        }
    }

    // ---------------------------------------------------------------- types

    /** What the code says about a value's type. */
    record Ty(Kind kind, Class<?> cls, boolean exact, String name) {
        enum Kind { UNKNOWN, NULL, CLASS, OWN, GLOBAL, OPAQUE }

        static final Ty UNKNOWN = new Ty(Kind.UNKNOWN, null, false, null);
        static final Ty NULL = new Ty(Kind.NULL, null, false, null);
        static final Ty OWN = new Ty(Kind.OWN, null, false, null);

        static Ty exact(Class<?> c) {
            return new Ty(Kind.CLASS, c, true, c.getName());
        }

        static Ty declared(Class<?> c) {
            if (c == Object.class) return UNKNOWN;
            if (c.isPrimitive()) return exact(wrap(c));
            return new Ty(Kind.CLASS, c, Modifier.isFinal(c.getModifiers()) && !c.isInterface(), c.getName());
        }

        static Ty opaque(String name) {
            return new Ty(Kind.OPAQUE, null, false, name);
        }

        static Ty global(String name) {
            return new Ty(Kind.GLOBAL, null, false, name);
        }

        String describe() {
            return switch (kind) {
                case CLASS -> Whitelist.typeName(cls);
                case OPAQUE -> name;
                default -> "?";
            };
        }
    }

    static Class<?> wrap(Class<?> c) {
        if (!c.isPrimitive()) return c;
        if (c == int.class) return Integer.class;
        if (c == long.class) return Long.class;
        if (c == boolean.class) return Boolean.class;
        if (c == double.class) return Double.class;
        if (c == float.class) return Float.class;
        if (c == char.class) return Character.class;
        if (c == byte.class) return Byte.class;
        if (c == short.class) return Short.class;
        return Void.class;
    }

    /** Can a value the code describes as {@code a} be passed where {@code p} is declared, as the sandbox tests it? */
    static boolean compatible(Class<?> p, Ty a) {
        switch (a.kind()) {
            case UNKNOWN, OWN, GLOBAL, OPAQUE:
                return true;
            case NULL:
                return !p.isPrimitive();
            default:
                break;
        }
        Class<?> s = a.cls();
        if (p.isPrimitive()) {
            Class<?> w = wrap(p);
            if (w.isAssignableFrom(s)) return true;
            if ((w == Long.class && s == Integer.class) || (w == Integer.class && s == Long.class)) return true;
            return !a.exact() && s.isAssignableFrom(w);
        }
        if (p.isAssignableFrom(s)) return true;
        if (p == String.class && GString.class.isAssignableFrom(s)) return true;
        if (a.exact()) return false;
        if (s.isAssignableFrom(p)) return true;
        if (s.isInterface() && p.isInterface()) return false;
        if (s.isInterface() && !Modifier.isFinal(p.getModifiers())) return true;
        return p.isInterface() && !Modifier.isFinal(s.getModifiers());
    }

    static boolean compatible(Class<?>[] params, boolean varargs, Ty[] args) {
        if (!varargs) {
            if (params.length != args.length) return false;
            for (int i = 0; i < params.length; i++) if (!compatible(params[i], args[i])) return false;
            return true;
        }
        int fixed = params.length - 1;
        if (args.length < fixed) return false;
        for (int i = 0; i < fixed; i++) if (!compatible(params[i], args[i])) return false;
        if (args.length == params.length && compatible(params[fixed], args[fixed])) return true;
        Class<?> component = params[fixed].getComponentType();
        for (int i = fixed; i < args.length; i++) if (!compatible(component, args[i])) return false;
        return true;
    }

    /** GroovyCallSiteSelector.isMoreSpecific. */
    static boolean isMoreSpecific(Class<?>[] more, Class<?>[] less) {
        for (int i = 0; i < Math.min(more.length, less.length); i++) {
            Class<?> m = wrap(more[i]);
            Class<?> l = wrap(less[i]);
            if (m.isAssignableFrom(l)) return false;
            if (l.isAssignableFrom(m)) return true;
            if (m == Long.class && l == Integer.class) return false;
            if (m == Integer.class && l == Long.class) return true;
        }
        return false;
    }

    /** GroovyCallSiteSelector.visitTypes order: supertypes first. Object leads when the runtime class is not known. */
    static List<Class<?>> types(Class<?> c, boolean exact) {
        LinkedHashSet<Class<?>> out = new LinkedHashSet<>();
        if (!exact) out.add(Object.class);
        visitTypes(out, c);
        return new ArrayList<>(out);
    }

    private static void visitTypes(Set<Class<?>> out, Class<?> c) {
        Class<?> s = c.getSuperclass();
        if (s != null) visitTypes(out, s);
        for (Class<?> i : c.getInterfaces()) visitTypes(out, i);
        out.add(c);
    }

    private static List<Method> matching(Class<?> c, String name, Ty[] args, boolean staticOnly) {
        List<Method> out = new ArrayList<>();
        for (Method m : methods(c)) {
            if (!m.getName().equals(name)) continue;
            if (staticOnly && !Modifier.isStatic(m.getModifiers())) continue;
            if (compatible(m.getParameterTypes(), m.isVarArgs(), args)) out.add(m);
        }
        sortSpecificFirst(out);
        return out;
    }

    /** GDK methods for a receiver: the self parameter must be a supertype of the receiver's type, or a subtype it may have. */
    private static List<Method> matchingGdk(Class<?> c, String name, Ty self, Ty[] args) {
        Ty[] selfArgs = new Ty[args.length + 1];
        selfArgs[0] = self;
        System.arraycopy(args, 0, selfArgs, 1, args.length);
        List<Method> out = new ArrayList<>();
        for (Method m : methods(c)) {
            if (!m.getName().equals(name) || !Modifier.isStatic(m.getModifiers()) || m.getParameterCount() == 0) continue;
            Class<?> p = m.getParameterTypes()[0];
            if (self.kind() == Ty.Kind.CLASS) {
                Class<?> w = wrap(p);
                boolean fits = w.isAssignableFrom(self.cls()) || (!self.exact() && self.cls().isAssignableFrom(w));
                if (!fits) continue;
            }
            if (compatible(m.getParameterTypes(), m.isVarArgs(), selfArgs)) out.add(m);
        }
        sortSpecificFirst(out);
        return out;
    }

    private static void sortSpecificFirst(List<Method> l) {
        // stable insertion sort: a method goes before another it is more specific than
        for (int i = 1; i < l.size(); i++) {
            Method m = l.get(i);
            int j = i;
            while (j > 0 && l.get(j - 1).getParameterCount() == m.getParameterCount()
                    && isMoreSpecific(m.getParameterTypes(), l.get(j - 1).getParameterTypes())) {
                l.set(j, l.get(j - 1));
                j--;
            }
            l.set(j, m);
        }
    }

    // ---------------------------------------------------------------- the visitor

    private final class Visitor extends ClassCodeVisitorSupport {
        private final SourceUnit source;
        private final ClassNode classNode;
        private final CompileUnit unit;
        private final Map<Expression, Ty> results = new IdentityHashMap<>();
        /** def variables typed by their initializer, as long as no assignment of another type is seen. */
        private final Map<Variable, Ty> inferred = new IdentityHashMap<>();
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
            if (reported.add(key)) sink.accept(new Hit(n.getLineNumber(), n.getColumnNumber(), message));
        }

        // ---- typing

        Ty typeOf(Expression e) {
            Ty cached = results.get(e);
            if (cached != null) return cached;
            if (e instanceof ConstantExpression c) {
                Object v = c.getValue();
                if (v == null) return Ty.NULL;
                return Ty.exact(v.getClass());
            }
            if (e instanceof GStringExpression) return Ty.exact(GString.class);
            if (e instanceof ListExpression) return Ty.exact(ArrayList.class);
            if (e instanceof MapExpression) return Ty.exact(LinkedHashMap.class);
            if (e instanceof RangeExpression) return Ty.declared(groovy.lang.Range.class);
            if (e instanceof ClosureExpression) return Ty.declared(Closure.class);
            if (e instanceof ConstructorCallExpression cc) {
                Ty t = typeOfNode(cc.getType());
                return t.kind() == Ty.Kind.CLASS ? Ty.exact(t.cls()) : t;
            }
            if (e instanceof CastExpression c) return typeOfNode(c.getType());
            if (e instanceof VariableExpression v) return typeOfVariable(v);
            if (e instanceof NotExpression || e instanceof BooleanExpression) return Ty.exact(Boolean.class);
            if (e instanceof UnaryMinusExpression u) return typeOf(u.getExpression());
            if (e instanceof TernaryExpression t) {
                Ty a = typeOf(t.getTrueExpression());
                Ty b = typeOf(t.getFalseExpression());
                return a.kind() == Ty.Kind.CLASS && b.kind() == Ty.Kind.CLASS && a.cls() == b.cls() ? new Ty(Ty.Kind.CLASS, a.cls(), a.exact() && b.exact(), a.name()) : Ty.UNKNOWN;
            }
            if (e instanceof BinaryExpression b) {
                int op = b.getOperation().getType();
                if (b instanceof DeclarationExpression d) return typeOf(d.getLeftExpression());
                if (op == Types.ASSIGN) return typeOf(b.getRightExpression());
                if (op == Types.PLUS) {
                    Ty l = typeOf(b.getLeftExpression());
                    if (l.kind() == Ty.Kind.CLASS && (l.cls() == String.class || GString.class.isAssignableFrom(l.cls()))) return Ty.exact(String.class);
                    return Ty.UNKNOWN;
                }
                if (Types.ofType(op, Types.COMPARISON_OPERATOR) || op == Types.LOGICAL_AND || op == Types.LOGICAL_OR
                        || op == Types.KEYWORD_INSTANCEOF || op == Types.MATCH_REGEX) {
                    return Ty.exact(Boolean.class);
                }
                return Ty.UNKNOWN;
            }
            if (e instanceof MethodCallExpression call && call.isImplicitThis()) return ownMethodType(call.getMethodAsString(), call.getArguments());
            if (e instanceof StaticMethodCallExpression call) return ownMethodType(call.getMethod(), call.getArguments());
            if (e instanceof MethodCallExpression || e instanceof PropertyExpression) return Ty.UNKNOWN;
            return Ty.UNKNOWN;
        }

        private Ty ownMethodType(String name, Expression arguments) {
            if (name == null) return Ty.UNKNOWN;
            int n = Compiler.argCount(arguments);
            ClassNode returns = null;
            for (MethodNode m : classNode.getMethods(name)) {
                if (m.getParameters().length < n) continue;
                if (m.isDynamicReturnType()) return Ty.UNKNOWN;
                if (returns != null && !returns.equals(m.getReturnType())) return Ty.UNKNOWN;
                returns = m.getReturnType();
            }
            if (returns == null || returns.equals(ClassHelper.VOID_TYPE)) return Ty.UNKNOWN;
            return typeOfNode(returns);
        }

        Ty typeOfVariable(VariableExpression v) {
            if (v.isThisExpression() || v.isSuperExpression()) return Ty.OWN;
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
                return Ty.UNKNOWN;
            }
            if (!dynamic) return typeOfNode(declared);
            Ty inferred = this.inferred.get(acc);
            if (inferred != null) return inferred;
            return SCRIPT_NAMES.contains(v.getName()) ? Ty.global("steps") : Ty.UNKNOWN;
        }

        /** A name the script does not declare: a Pipeline global, a library var, or a binding variable. */
        private Ty global(String name) {
            if (libraryVars.contains(name)) return Ty.OWN;
            return switch (name) {
                case "env", "docker" -> Ty.global(name);
                case "steps", "script" -> Ty.global("steps");
                case "params" -> Ty.declared(Map.class);
                case "currentBuild" -> Ty.opaque("org.jenkinsci.plugins.workflow.support.steps.build.RunWrapper");
                case "scm" -> Ty.opaque("hudson.scm.SCM");
                default -> Ty.UNKNOWN;
            };
        }

        Ty typeOfNode(ClassNode cn) {
            if (cn == null) return Ty.UNKNOWN;
            if (ClassHelper.isPrimitiveType(cn)) {
                if (cn.equals(ClassHelper.VOID_TYPE)) return Ty.UNKNOWN;
                return Ty.exact(wrap(cn.getTypeClass()));
            }
            String name = cn.getName();
            if (name.equals("java.lang.Object")) return Ty.UNKNOWN;
            ClassNode r = cn.redirect();
            if (r.getNodeMetaData(JenkinsStubs.STUB) != null) return scriptLike(name) ? Ty.global("steps") : Ty.opaque(name);
            if (unit != null && unit.getClass(name) != null) return Ty.OWN;
            if (scriptLike(name)) return Ty.global("steps");
            Class<?> c = load(cn);
            if (c == null) return Ty.opaque(name);
            return Ty.declared(c);
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

        Ty[] argTypes(Expression arguments) {
            List<Expression> list = arguments instanceof TupleExpression t ? t.getExpressions() : List.of(arguments);
            Ty[] out = new Ty[list.size()];
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
            Ty[] args = argTypes(call.getArguments());
            if (obj instanceof ClassExpression ce) {
                Ty t = typeOfNode(ce.getType());
                results.put(call, staticCall(call, t, name, args));
                return;
            }
            Ty recv = call.isSpreadSafe() ? Ty.UNKNOWN : typeOf(obj);
            Ty result = instanceCall(call.getMethod(), call, recv, name, args);
            if (!call.isSpreadSafe()) results.put(call, result);
        }

        @Override
        public void visitConstructorCallExpression(ConstructorCallExpression call) {
            super.visitConstructorCallExpression(call);
            if (call.isSpecialCall() || call.isUsingAnonymousInnerClass()) return;
            Ty t = typeOfNode(call.getType());
            Ty[] args = argTypes(call.getArguments());
            if (t.kind() == Ty.Kind.OPAQUE) {
                String type = t.name();
                int n = args == null ? -1 : args.length;
                for (Whitelist.Entry e : whitelist.entries(true, "new", type, null)) {
                    if (n < 0 || e.params().size() == n) {
                        report(call, null, e.signature() + ": blacklisted (dangerous)");
                        return;
                    }
                }
                for (Whitelist.Entry e : whitelist.entries(false, "new", type, null)) {
                    if (n < 0 || e.params().size() == n) return;
                }
                report(call, null, "new " + type + " (" + plural(n, "argument") + "): not whitelisted");
                return;
            }
            if (t.kind() != Ty.Kind.CLASS || args == null) return;
            Class<?> c = t.cls();
            List<Constructor<?>> cands = new ArrayList<>();
            Constructor<?>[] all;
            try {
                all = c.getDeclaredConstructors();
            } catch (Throwable x) {
                return;
            }
            for (Constructor<?> k : all) if (compatible(k.getParameterTypes(), k.isVarArgs(), args)) cands.add(k);
            if (cands.isEmpty() && args.length == 1 && args[0].kind() == Ty.Kind.CLASS && Map.class.isAssignableFrom(args[0].cls())) {
                for (Constructor<?> k : all) if (k.getParameterCount() == 0) cands.add(k);
            }
            if (cands.isEmpty()) return;
            for (Constructor<?> k : cands) if (whitelist.verdict(Whitelist.signature(k)) == null) return;
            String sig = Whitelist.signature(cands.get(0));
            report(call, null, sig + ": " + whitelist.verdict(sig));
        }

        @Override
        public void visitDeclarationExpression(DeclarationExpression d) {
            super.visitDeclarationExpression(d);
            if (!d.isMultipleAssignmentDeclaration() && d.getLeftExpression() instanceof VariableExpression v && v.isDynamicTyped()
                    && !(d.getRightExpression() instanceof org.codehaus.groovy.ast.expr.EmptyExpression)) {
                Ty t = typeOf(d.getRightExpression());
                if (t.kind() != Ty.Kind.UNKNOWN && t.kind() != Ty.Kind.NULL) inferred.put(v, t);
            }
        }

        @Override
        public void visitBinaryExpression(BinaryExpression b) {
            if (!(b instanceof DeclarationExpression) && Types.ofType(b.getOperation().getType(), Types.ASSIGNMENT_OPERATOR)
                    && b.getLeftExpression() instanceof VariableExpression v && v.getAccessedVariable() != null) {
                super.visitBinaryExpression(b);
                Variable acc = v.getAccessedVariable();
                Ty before = inferred.get(acc);
                if (before != null && (b.getOperation().getType() != Types.ASSIGN || !before.equals(typeOf(b.getRightExpression())))) {
                    inferred.put(acc, Ty.UNKNOWN);
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
                subscript(b, sub.getLeftExpression(), "putAt", new Ty[] {typeOf(sub.getRightExpression()), typeOf(b.getRightExpression())});
                return;
            }
            super.visitBinaryExpression(b);
            if (b instanceof DeclarationExpression) return;
            String method = operatorMethod(b.getOperation().getType());
            if (method == null) return;
            Ty right = typeOf(b.getRightExpression());
            if (method.equals("getAt")) {
                results.put(b, subscript(b, b.getLeftExpression(), "getAt", new Ty[] {right}));
            } else {
                results.put(b, instanceCall(b, null, typeOf(b.getLeftExpression()), method, new Ty[] {right}));
            }
        }

        /** a[i] and a[i] = v: arrays indexed by an int need no check; anything else is getAt / putAt. */
        private Ty subscript(ASTNode at, Expression receiver, String method, Ty[] args) {
            Ty recv = typeOf(receiver);
            if (recv.kind() == Ty.Kind.CLASS && recv.cls().isArray()) {
                Ty index = args[0];
                if (index.kind() == Ty.Kind.UNKNOWN || (index.kind() == Ty.Kind.CLASS && (index.cls() == Integer.class))) {
                    return method.equals("getAt") ? Ty.declared(recv.cls().getComponentType()) : Ty.UNKNOWN;
                }
            }
            return instanceCall(at, null, recv, method, args);
        }

        @Override
        public void visitPropertyExpression(PropertyExpression p) {
            super.visitPropertyExpression(p);
            Ty t = propertyGet(p);
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
            Ty owner = typeOfNode(call.getOwnerType());
            if (owner.kind() == Ty.Kind.OWN || owner.kind() == Ty.Kind.UNKNOWN) return;
            results.put(call, staticCall(call, owner, call.getMethod(), argTypes(call.getArguments())));
        }

        // ---- calls

        private Ty instanceCall(ASTNode at, ASTNode fallback, Ty recv, String name, Ty[] args) {
            switch (recv.kind()) {
                case OWN, NULL:
                    return Ty.UNKNOWN;
                case GLOBAL:
                    return recv.name().equals("env") ? Ty.UNKNOWN : recv;
                case OPAQUE: {
                    int n = args == null ? -1 : args.length;
                    for (Whitelist.Entry e : whitelist.entries(true, "method", recv.name(), name)) {
                        if (n < 0 || e.params().size() == n) {
                            report(at, fallback, e.signature() + ": blacklisted (dangerous)");
                            break;
                        }
                    }
                    return Ty.UNKNOWN;
                }
                case UNKNOWN:
                    untyped(at, fallback, name, args);
                    return Ty.UNKNOWN;
                default:
                    break;
            }
            if (args == null) return Ty.UNKNOWN;
            Class<?> c = recv.cls();
            List<Method> cands = new ArrayList<>();
            for (Class<?> type : types(c, recv.exact())) cands.addAll(matching(type, name, args, false));
            if (GString.class.isAssignableFrom(c)) cands.addAll(matching(String.class, name, args, false));
            if (!cands.isEmpty()) {
                for (Method m : cands) {
                    if (whitelist.verdict(Whitelist.signature(m)) == null) return returnType(m);
                }
                String sig = Whitelist.signature(cands.get(0));
                report(at, fallback, sig + ": " + whitelist.verdict(sig));
                return returnType(cands.get(0));
            }
            if (Number.class.isAssignableFrom(c) && NUMBER_MATH_NAMES.contains(name)) return Ty.UNKNOWN;
            List<Method> dgm = new ArrayList<>();
            for (Class<?> d : DGM_CLASSES) dgm.addAll(matchingGdk(d, name, recv, args));
            if (!dgm.isEmpty()) {
                for (Method m : dgm) {
                    if (whitelist.verdict(Whitelist.signature(m)) == null) return returnType(m);
                }
                String sig = Whitelist.signature(dgm.get(0));
                report(at, fallback, sig + ": " + whitelist.verdict(sig));
                return returnType(dgm.get(0));
            }
            if (Map.class.isAssignableFrom(c)) return Ty.UNKNOWN; // a closure stored in the map, called as a method
            if (!recv.exact()) {
                // The value may be of a subtype that declares the method: allowed if such a method is whitelisted.
                if (whitelist.instanceNameAllowedOn(c, name, args.length)) return Ty.UNKNOWN;
                report(at, fallback, "method ? " + name + argList(args) + ": not whitelisted (" + Whitelist.typeName(c)
                        + " has no such method, and no whitelisted method of a type that could be its value is named " + name
                        + " with " + plural(args.length, "argument") + ")");
                return Ty.UNKNOWN;
            }
            report(at, fallback, "method " + Whitelist.typeName(c) + " " + name + argList(args)
                    + ": no such method (the call fails at run time with MissingMethodException)");
            return Ty.UNKNOWN;
        }

        private Ty staticCall(ASTNode at, Ty t, String name, Ty[] args) {
            if (t.kind() == Ty.Kind.OWN) return Ty.UNKNOWN;
            if (t.kind() == Ty.Kind.OPAQUE) {
                int n = args == null ? -1 : args.length;
                for (Whitelist.Entry e : whitelist.entries(true, "staticMethod", t.name(), name)) {
                    if (n < 0 || e.params().size() == n) {
                        report(at, null, e.signature() + ": blacklisted (dangerous)");
                        return Ty.UNKNOWN;
                    }
                }
                for (Whitelist.Entry e : whitelist.entries(false, "staticMethod", t.name(), name)) {
                    if (n < 0 || e.params().size() == n) return Ty.UNKNOWN;
                }
                if (n >= 0 && classMethodExists(name, n)) return Ty.UNKNOWN;
                report(at, null, "staticMethod " + t.name() + " " + name + " (" + plural(n, "argument") + "): not whitelisted");
                return Ty.UNKNOWN;
            }
            if (t.kind() != Ty.Kind.CLASS || args == null) return Ty.UNKNOWN;
            List<Method> cands = matching(t.cls(), name, args, false);
            if (!cands.isEmpty()) {
                for (Method m : cands) {
                    if (whitelist.verdict(staticSignature(m)) == null) return returnType(m);
                }
                String sig = staticSignature(cands.get(0));
                report(at, null, sig + ": " + whitelist.verdict(sig));
                return returnType(cands.get(0));
            }
            // not a static method: a method of the Class object itself (String.getName())
            return instanceCall(at, null, Ty.exact(Class.class), name, args);
        }

        private boolean classMethodExists(String name, int n) {
            for (Method m : methods(Class.class)) if (m.getName().equals(name) && m.getParameterCount() == n) return true;
            return false;
        }

        private String staticSignature(Method m) {
            String s = Whitelist.signature(m);
            return s.startsWith("method ") ? "staticMethod " + s.substring("method ".length()) : s;
        }

        private Ty returnType(Method m) {
            Class<?> r = m.getReturnType();
            if (r == void.class || r == Object.class) return Ty.UNKNOWN;
            return Ty.declared(r);
        }

        private void untyped(ASTNode at, ASTNode fallback, String name, Ty[] args) {
            if (args == null) return;
            int n = args.length;
            if (whitelist.instanceNameAllowed(name, n)) return;
            List<String> black = whitelist.blacklistedInstance(name, n);
            String why = "the receiver's type is not declared, and no whitelisted method of any class is named " + name + " with " + plural(n, "argument");
            if (!black.isEmpty()) {
                report(at, fallback, black.get(0) + ": blacklisted (dangerous) (" + why + ")");
            } else {
                report(at, fallback, "method ? " + name + argList(args) + ": not whitelisted (" + why + ")");
            }
        }

        // ---- properties

        private Ty propertyGet(PropertyExpression p) {
            String prop = p.getPropertyAsString();
            if (prop == null || p.isImplicitThis()) return null;
            Expression obj = p.getObjectExpression();
            if (obj instanceof VariableExpression v && (v.isThisExpression() || v.isSuperExpression())) return null;
            ASTNode at = p.getProperty();
            if (obj instanceof ClassExpression ce) return staticProperty(at, p, typeOfNode(ce.getType()), prop);
            Ty t = p.isSpreadSafe() ? Ty.UNKNOWN : typeOf(obj);
            switch (t.kind()) {
                case GLOBAL:
                    return t.name().equals("env") ? Ty.UNKNOWN : t;
                case OPAQUE: {
                    String cap = capitalize(prop);
                    for (String sig : List.of("method " + t.name() + " get" + cap, "method " + t.name() + " is" + cap, "field " + t.name() + " " + prop)) {
                        if (whitelist.isBlacklisted(sig)) {
                            report(at, p, sig + ": blacklisted (dangerous)");
                            break;
                        }
                    }
                    return Ty.UNKNOWN;
                }
                case CLASS:
                    break;
                default:
                    return Ty.UNKNOWN;
            }
            Class<?> c = t.cls();
            if (Map.class.isAssignableFrom(c)) return Ty.UNKNOWN; // the sandbox turns it into Map.get(Object)
            if (c.isArray() && prop.equals("length")) return Ty.exact(Integer.class);
            String cap = capitalize(prop);
            String firstRejected = null;
            Ty firstType = Ty.UNKNOWN;
            for (String getter : new String[] {"get" + cap, "is" + cap}) {
                List<Method> cands = new ArrayList<>();
                for (Class<?> type : types(c, t.exact())) cands.addAll(matching(type, getter, new Ty[0], false));
                if (getter.startsWith("is")) cands.removeIf(m -> m.getReturnType() != boolean.class);
                for (Method m : cands) if (whitelist.verdict(Whitelist.signature(m)) == null) return returnType(m);
                if (!cands.isEmpty() && firstRejected == null) {
                    firstRejected = Whitelist.signature(cands.get(0));
                    firstType = returnType(cands.get(0));
                }
            }
            for (Class<?> d : DGM_CLASSES) {
                for (String getter : new String[] {"get" + cap, "is" + cap}) {
                    List<Method> cands = matchingGdk(d, getter, t, new Ty[0]);
                    if (getter.startsWith("is")) cands.removeIf(m -> m.getReturnType() != boolean.class);
                    for (Method m : cands) if (whitelist.verdict(Whitelist.signature(m)) == null) return returnType(m);
                    if (!cands.isEmpty() && firstRejected == null) firstRejected = Whitelist.signature(cands.get(0));
                }
            }
            for (Class<?> type : types(c, t.exact())) {
                for (Field f : type.getDeclaredFields()) {
                    if (!f.getName().equals(prop)) continue;
                    String sig = Whitelist.signature(f);
                    if (whitelist.verdict(sig) == null) return Ty.declared(f.getType());
                    if (firstRejected == null) firstRejected = sig;
                }
            }
            if (firstRejected != null) {
                report(at, p, firstRejected + ": " + whitelist.verdict(firstRejected));
                return firstType;
            }
            return Ty.UNKNOWN;
        }

        private Ty staticProperty(ASTNode at, ASTNode fallback, Ty t, String prop) {
            if (t.kind() == Ty.Kind.OPAQUE) {
                String cap = capitalize(prop);
                String field = "staticField " + t.name() + " " + prop;
                String getter = "staticMethod " + t.name() + " get" + cap;
                for (String sig : List.of(field, getter)) {
                    if (whitelist.isBlacklisted(sig)) {
                        report(at, fallback, sig + ": blacklisted (dangerous)");
                        return Ty.UNKNOWN;
                    }
                }
                if (whitelist.isAllowed(field) || whitelist.isAllowed(getter) || whitelist.isAllowed("staticMethod " + t.name() + " is" + cap)) return Ty.UNKNOWN;
                if (prop.equals("class") || classMethodExists("get" + cap, 0)) return Ty.UNKNOWN;
                report(at, fallback, field + ": not whitelisted");
                return Ty.UNKNOWN;
            }
            if (t.kind() != Ty.Kind.CLASS) return Ty.UNKNOWN;
            Class<?> c = t.cls();
            try {
                for (Field f : c.getDeclaredFields()) {
                    if (f.getName().equals(prop) && Modifier.isStatic(f.getModifiers())) {
                        String sig = Whitelist.signature(f);
                        String v = whitelist.verdict(sig);
                        if (v != null) report(at, fallback, sig + ": " + v);
                        return Ty.declared(f.getType());
                    }
                }
            } catch (Throwable ignored) {
                return Ty.UNKNOWN;
            }
            String cap = capitalize(prop);
            for (String getter : new String[] {"get" + cap, "is" + cap}) {
                List<Method> cands = matching(c, getter, new Ty[0], true);
                if (cands.isEmpty()) continue;
                for (Method m : cands) if (whitelist.verdict(staticSignature(m)) == null) return returnType(m);
                String sig = staticSignature(cands.get(0));
                report(at, fallback, sig + ": " + whitelist.verdict(sig));
                return returnType(cands.get(0));
            }
            if (prop.equals("class")) return Ty.exact(Class.class);
            // a property of the Class object (String.name)
            for (String getter : new String[] {"get" + cap, "is" + cap}) {
                List<Method> cands = new ArrayList<>();
                for (Class<?> type : types(Class.class, true)) cands.addAll(matching(type, getter, new Ty[0], false));
                if (cands.isEmpty()) continue;
                for (Method m : cands) if (whitelist.verdict(Whitelist.signature(m)) == null) return returnType(m);
                String sig = Whitelist.signature(cands.get(0));
                report(at, fallback, sig + ": " + whitelist.verdict(sig));
                return Ty.UNKNOWN;
            }
            return Ty.UNKNOWN;
        }

        private void propertySet(PropertyExpression p, Ty value) {
            String prop = p.getPropertyAsString();
            if (prop == null || p.isImplicitThis()) return;
            Expression obj = p.getObjectExpression();
            if (obj instanceof VariableExpression v && (v.isThisExpression() || v.isSuperExpression())) return;
            ASTNode at = p.getProperty();
            Ty t = p.isSpreadSafe() ? Ty.UNKNOWN : typeOf(obj);
            if (obj instanceof ClassExpression ce) t = typeOfNode(ce.getType());
            if (t.kind() == Ty.Kind.OPAQUE) {
                for (Whitelist.Entry e : whitelist.entries(true, "method", t.name(), "set" + capitalize(prop))) {
                    report(at, p, e.signature() + ": blacklisted (dangerous)");
                    return;
                }
                if (whitelist.isBlacklisted("field " + t.name() + " " + prop)) report(at, p, "field " + t.name() + " " + prop + ": blacklisted (dangerous)");
                return;
            }
            if (t.kind() != Ty.Kind.CLASS) return;
            Class<?> c = t.cls();
            if (Map.class.isAssignableFrom(c)) return; // Map.put
            List<Method> cands = new ArrayList<>();
            for (Class<?> type : types(c, t.exact())) {
                for (Method m : methods(type)) {
                    if (m.getName().equals("set" + capitalize(prop)) && m.getParameterCount() == 1 && compatible(m.getParameterTypes()[0], value)) cands.add(m);
                }
            }
            String first = null;
            for (Method m : cands) {
                if (whitelist.verdict(Whitelist.signature(m)) == null) return;
                if (first == null) first = Whitelist.signature(m);
            }
            for (Class<?> type : types(c, t.exact())) {
                for (Field f : type.getDeclaredFields()) {
                    if (!f.getName().equals(prop)) continue;
                    String sig = Whitelist.signature(f);
                    if (whitelist.verdict(sig) == null) return;
                    if (first == null) first = sig;
                }
            }
            if (first != null) report(at, p, first + ": " + whitelist.verdict(first));
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

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String plural(int n, String word) {
        if (n < 0) return "some " + word + "s";
        return n + " " + word + (n == 1 ? "" : "s");
    }

    static String argList(Ty[] args) {
        StringBuilder b = new StringBuilder();
        if (args == null) return "";
        for (Ty a : args) b.append(' ').append(a.kind() == Ty.Kind.NULL ? "null" : a.describe());
        return b.toString();
    }

}
