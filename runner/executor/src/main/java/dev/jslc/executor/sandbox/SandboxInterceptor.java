package dev.jslc.executor.sandbox;

import groovy.lang.Closure;
import groovy.lang.GroovyRuntimeException;
import groovy.lang.MetaMethod;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.codehaus.groovy.runtime.DateGroovyMethods;
import org.codehaus.groovy.runtime.DefaultGroovyMethods;
import org.codehaus.groovy.runtime.EncodingGroovyMethods;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.runtime.MetaClassHelper;
import org.codehaus.groovy.runtime.ProcessGroovyMethods;
import org.codehaus.groovy.runtime.SqlGroovyMethods;
import org.codehaus.groovy.runtime.StringGroovyMethods;
import org.codehaus.groovy.runtime.SwingGroovyMethods;
import org.codehaus.groovy.runtime.XmlGroovyMethods;
import org.codehaus.groovy.runtime.metaclass.ClosureMetaMethod;
import org.codehaus.groovy.syntax.Types;
import org.kohsuke.groovy.sandbox.GroovyInterceptor;
import org.kohsuke.groovy.sandbox.impl.Checker;

/**
 * The executor's sandbox interceptor: every call, property, attribute and array access of untrusted code (routed
 * here by groovy-sandbox 1.19's {@link Checker}) is permitted or rejected in script-security's decision order
 * (SandboxInterceptor.java, read at script-security-plugin a5f0130a):
 *
 * <ol>
 * <li>a method call selects the JVM method with {@link CallSiteSelector} (supertypes first); when none is declared:
 *     number math on a Number receiver ({@code plus}, {@code minus} … the operators NumberMathModificationInfo
 *     lists) is allowed; then Groovy's extension methods (DefaultGroovyMethods, StringGroovyMethods … in DgmConverter
 *     order) are looked up with the receiver as first argument: the first whitelisted one is allowed, else the first
 *     found is rejected as {@code staticMethod org.codehaus.groovy.runtime.X name SELF ARGS}; then a closure in a Map
 *     or in the script's binding, then the receiver's {@code invokeMethod} (how steps and global vars are reached:
 *     the executor's whitelist permits a script's invokeMethod as workflow-cps' CpsWhitelist does), then a closure
 *     meta method; else {@link MissingMethodException};</li>
 * <li>a permanently blacklisted member ({@code System.exit} …) is rejected whatever the whitelist says;</li>
 * <li>otherwise the whitelist decides; a rejection carries the upstream signature and message.</li>
 * </ol>
 *
 * Property reads try the getter, {@code isX}, GDK getters, the field, {@code getProperty}, then static members of a
 * Class receiver, rejecting with the first candidate found; writes likewise with setters; {@code new} checks the
 * selected constructor (and each property of a map constructor); {@code a[i]} checks {@code getAt}/{@code putAt}.
 * Not reproduced: upstream's pre-check of implicit argument casts in setters and fields (Checker.preCheckedCast,
 * absent from groovy-sandbox 1.19).
 */
public final class SandboxInterceptor extends GroovyInterceptor {
    /** The GDK classes, in DgmConverter's order (SandboxInterceptor.DGM_CLASSES). */
    static final Class<?>[] DGM_CLASSES = {
        DefaultGroovyMethods.class,
        StringGroovyMethods.class,
        SwingGroovyMethods.class,
        SqlGroovyMethods.class,
        XmlGroovyMethods.class,
        EncodingGroovyMethods.class,
        DateGroovyMethods.class,
        ProcessGroovyMethods.class,
    };

    /** Operators of Groovy's number math (NumberMathModificationInfo), synthetic methods such as Integer.plus(Integer). */
    static final Set<String> NUMBER_MATH_NAMES = Set.of("plus", "minus", "multiply", "div", "compareTo", "or", "and", "xor",
            "intdiv", "mod", "leftShift", "rightShift", "rightShiftUnsigned");

    private final Whitelist whitelist;
    private final Consumer<RejectedAccessException> onReject;

    /**
     * @param whitelist what is permitted
     * @param onReject told of each rejection before it is thrown (the executor logs script approval's note)
     */
    public SandboxInterceptor(Whitelist whitelist, Consumer<RejectedAccessException> onReject) {
        this.whitelist = whitelist;
        this.onReject = onReject;
    }

    // ---- rejections (StaticWhitelist.reject*, with the blacklist's "dangerous" flag) ----

    private RejectedAccessException reject(RejectedAccessException x) {
        if (x.getSignature() != null && StaticWhitelist.blacklist().contains(x.getSignature())) x.setDangerous(true);
        onReject.accept(x);
        return x;
    }

    RejectedAccessException rejectMethod(Method m) {
        return reject(new RejectedAccessException(Modifier.isStatic(m.getModifiers()) ? "staticMethod" : "method", Signatures.methodDetails(m)));
    }

    RejectedAccessException rejectMethod(Method m, String info) {
        return reject(new RejectedAccessException("method", Signatures.methodDetails(m), info));
    }

    RejectedAccessException rejectNew(Constructor<?> c) {
        return reject(new RejectedAccessException("new", Signatures.name(c.getDeclaringClass()) + Signatures.types(c.getParameterTypes())));
    }

    RejectedAccessException rejectField(Field f) {
        return reject(new RejectedAccessException(Modifier.isStatic(f.getModifiers()) ? "staticField" : "field",
                Signatures.name(f.getDeclaringClass()) + " " + f.getName()));
    }

    RejectedAccessException rejectUnclassified(String message) {
        return reject(new RejectedAccessException(message));
    }

    private static String argTypes(Object[] args) {
        StringBuilder b = new StringBuilder();
        for (Object a : args) b.append(' ').append(Signatures.nameOf(a));
        return b.toString();
    }

    private boolean permitsMethod(Method m, Object receiver, Object[] args) {
        return Modifier.isStatic(m.getModifiers()) ? whitelist.permitsStaticMethod(m, args) : whitelist.permitsMethod(m, receiver, args);
    }

    private boolean permitsFieldGet(Field f, Object receiver) {
        return Modifier.isStatic(f.getModifiers()) ? whitelist.permitsStaticFieldGet(f) : whitelist.permitsFieldGet(f, receiver);
    }

    private boolean permitsFieldSet(Field f, Object receiver, Object value) {
        return Modifier.isStatic(f.getModifiers()) ? whitelist.permitsStaticFieldSet(f, value) : whitelist.permitsFieldSet(f, receiver, value);
    }

    private static boolean isPermanentlyBlacklisted(String signature) {
        return StaticWhitelist.PERMANENTLY_BLACKLISTED.contains(signature);
    }

    /** The script methods CpsWhitelist permits on a script (and so, through its owner, in a closure). */
    private static final java.util.Set<String> SCRIPT_PRINT_NAMES = java.util.Set.of("println", "print", "printf");

    /** The script a closure belongs to (its owner, through nested closures), or null. */
    private static Script ownerScript(Closure<?> c) {
        Object o = c;
        while (o instanceof Closure) o = ((Closure<?>) o).getOwner();
        return o instanceof Script ? (Script) o : null;
    }

    // ---- method calls ----

    @Override
    public Object onMethodCall(Invoker invoker, Object receiver, String method, Object... args) throws Throwable {
        Method m = CallSiteSelector.method(receiver, method, args);
        if (m == null) {
            if (receiver instanceof Number && NUMBER_MATH_NAMES.contains(method)) {
                return super.onMethodCall(invoker, receiver, method, args);
            }
            // println/print/printf in a closure body (retry { println 'x' }): Groovy resolves them on the closure's
            // owner, the script, where workflow-cps' CpsWhitelist permits them; not DefaultGroovyMethods.println.
            if (receiver instanceof Closure && SCRIPT_PRINT_NAMES.contains(method) && ownerScript((Closure<?>) receiver) != null) {
                return super.onMethodCall(invoker, receiver, method, args);
            }
            Object[] selfArgs = new Object[args.length + 1];
            selfArgs[0] = receiver;
            System.arraycopy(args, 0, selfArgs, 1, args.length);
            Method firstFound = null;
            for (Class<?> dgm : DGM_CLASSES) {
                Method d = CallSiteSelector.staticMethod(dgm, method, selfArgs);
                if (d != null) {
                    if (whitelist.permitsStaticMethod(d, selfArgs)) return super.onMethodCall(invoker, receiver, method, args);
                    if (firstFound == null) firstFound = d;
                }
            }
            // Some methods are in both DefaultGroovyMethods and StringGroovyMethods: reject only after trying all.
            if (firstFound != null) throw rejectMethod(firstFound);
            if (receiver instanceof Map) {
                Object element = onMethodCall(invoker, receiver, "get", method);
                if (element instanceof Closure) return onMethodCall(invoker, element, "call", args);
            }
            if (receiver instanceof Script) {
                Script s = (Script) receiver;
                if (s.getBinding().hasVariable(method)) {
                    Object var = s.getBinding().getVariable(method);
                    if (!InvokerHelper.getMetaClass(var).respondsTo(var, "call", args).isEmpty()) {
                        return onMethodCall(invoker, var, "call", args);
                    }
                }
            }
            try {
                receiver.getClass().getMethod("invokeMethod", String.class, Object.class);
                return onMethodCall(invoker, receiver, "invokeMethod", method, args);
            } catch (NoSuchMethodException e) {
                // no catch-all invokeMethod
            }
            if (findMetaMethod(receiver, method, args) instanceof ClosureMetaMethod) {
                return super.onMethodCall(invoker, receiver, method, args);
            }
            throw new MissingMethodException(method, receiver.getClass(), args);
        } else if (isPermanentlyBlacklisted(Signatures.method(m))) {
            throw rejectMethod(m);
        } else if (permitsMethod(m, receiver, args)) {
            return super.onMethodCall(invoker, receiver, method, args);
        } else if (method.equals("invokeMethod") && args.length == 2 && args[0] instanceof String && args[1] instanceof Object[]) {
            throw rejectMethod(m, Signatures.name(receiver.getClass()) + " " + args[0] + argTypes((Object[]) args[1]));
        } else {
            throw rejectMethod(m);
        }
    }

    @Override
    public Object onStaticCall(Invoker invoker, Class receiver, String method, Object... args) throws Throwable {
        Method m = CallSiteSelector.staticMethod(receiver, method, args);
        if (m == null) {
            throw rejectUnclassified("No such static method found: staticMethod " + Signatures.name(receiver) + " " + method + argTypes(args));
        } else if (isPermanentlyBlacklisted(Signatures.method(m))) {
            throw rejectMethod(m);
        } else if (whitelist.permitsStaticMethod(m, args)) {
            return super.onStaticCall(invoker, receiver, method, args);
        } else {
            throw rejectMethod(m);
        }
    }

    @Override
    public Object onNewInstance(Invoker invoker, Class receiver, Object... args) throws Throwable {
        Constructor<?> c = CallSiteSelector.constructor(receiver, args);
        if (c == null) {
            throw rejectUnclassified("No such constructor found: new " + Signatures.name(receiver) + argTypes(args));
        } else if (isPermanentlyBlacklisted(Signatures.constructor(c))) {
            throw rejectNew(c);
        } else if (whitelist.permitsConstructor(c, args)) {
            if (c.getParameterCount() == 0 && args.length == 1 && args[0] instanceof Map) {
                // Groovy's map constructor: construct with no arguments, then set each property through the sandbox.
                Object instance = super.onNewInstance(invoker, receiver, new Object[0]);
                if (instance == null) {
                    throw new UnsupportedOperationException("Groovy map constructors may only be invoked using the 'new' keyword in the sandbox"
                            + " (attempted to construct " + receiver + " via a Groovy cast)");
                }
                for (Map.Entry<?, ?> e : ((Map<?, ?>) args[0]).entrySet()) {
                    Checker.checkedSetProperty(instance, e.getKey(), false, false, Types.ASSIGN, e.getValue());
                }
                return instance;
            }
            return super.onNewInstance(invoker, receiver, args);
        } else {
            throw rejectNew(c);
        }
    }

    @Override
    public Object onSuperCall(Invoker invoker, Class senderType, Object receiver, String method, Object... args) throws Throwable {
        Method m = CallSiteSelector.method(receiver, method, args);
        if (m == null) {
            throw rejectUnclassified("No such method found: super.method " + Signatures.name(receiver.getClass()) + " " + method + argTypes(args));
        } else if (whitelist.permitsMethod(m, receiver, args)) {
            return super.onSuperCall(invoker, senderType, receiver, method, args);
        } else {
            throw rejectMethod(m);
        }
    }

    // ---- properties ----

    @Override
    public Object onSetProperty(Invoker invoker, Object receiver, String property, Object value) throws Throwable {
        if (receiver instanceof Script && !property.equals("binding") && !property.equals("metaClass")) {
            return super.onSetProperty(invoker, receiver, property, value);
        }
        RejectedAccessException first = null;
        Object[] valueArg = {value};
        String setter = "set" + MetaClassHelper.capitalize(property);
        List<Method> setters = CallSiteSelector.methods(receiver, setter, m -> m.getParameterCount() == 1);
        Method setterMethod = setters.size() == 1 ? setters.get(0) : CallSiteSelector.method(receiver, setter, valueArg);
        if (setterMethod != null) {
            if (permitsMethod(setterMethod, receiver, valueArg)) return super.onSetProperty(invoker, receiver, property, value);
            first = candidate(first, setterMethod, null);
        }
        Object[] propertyValueArgs = {property, value};
        Method setPropertyMethod = CallSiteSelector.method(receiver, "setProperty", propertyValueArgs);
        if (setPropertyMethod != null && !isSyntheticMethod(receiver, setPropertyMethod)) {
            if (whitelist.permitsMethod(setPropertyMethod, receiver, propertyValueArgs)) return super.onSetProperty(invoker, receiver, property, value);
            if (first == null) first = new RejectedAccessException("method", Signatures.methodDetails(setPropertyMethod), receiver.getClass().getName() + "." + property);
        }
        Field field = CallSiteSelector.field(receiver, property);
        if (field != null) {
            if (permitsFieldSet(field, receiver, value)) return super.onSetProperty(invoker, receiver, property, value);
            if (first == null) first = fieldCandidate(field);
        }
        if (receiver instanceof Class) {
            Class<?> c = (Class<?>) receiver;
            List<Method> staticSetters = new java.util.ArrayList<>();
            for (Method m : c.getDeclaredMethods()) if (m.getName().equals(setter) && m.getParameterCount() == 1) staticSetters.add(m);
            Method staticSetter = staticSetters.size() == 1 ? staticSetters.get(0) : CallSiteSelector.staticMethod(c, setter, valueArg);
            if (staticSetter != null) {
                if (whitelist.permitsStaticMethod(staticSetter, valueArg)) return super.onSetProperty(invoker, receiver, property, value);
                first = candidate(first, staticSetter, null);
            }
            Field staticField = CallSiteSelector.staticField(c, property);
            if (staticField != null) {
                if (whitelist.permitsStaticFieldSet(staticField, value)) return super.onSetProperty(invoker, receiver, property, value);
                if (first == null) first = fieldCandidate(staticField);
            }
        }
        throw first != null ? reject(first) : unclassifiedField(receiver, property);
    }

    @Override
    public Object onGetProperty(Invoker invoker, Object receiver, String property) throws Throwable {
        MissingPropertyException mpe = null;
        if (receiver instanceof Script) { // a binding variable
            try {
                ((Script) receiver).getBinding().getVariable(property);
                return super.onGetProperty(invoker, receiver, property);
            } catch (MissingPropertyException x) {
                mpe = x; // thrown only if nothing below is whitelisted
            }
        }
        if (property.equals("length") && receiver.getClass().isArray()) return super.onGetProperty(invoker, receiver, property);
        RejectedAccessException first = null;
        Object[] noArgs = {};
        String getter = "get" + MetaClassHelper.capitalize(property);
        Method getterMethod = CallSiteSelector.method(receiver, getter, noArgs);
        if (getterMethod != null) {
            if (permitsMethod(getterMethod, receiver, noArgs)) return super.onGetProperty(invoker, receiver, property);
            first = candidate(first, getterMethod, null);
        }
        String booleanGetter = "is" + MetaClassHelper.capitalize(property);
        Method isMethod = CallSiteSelector.method(receiver, booleanGetter, noArgs);
        if (isMethod != null && isMethod.getReturnType() == boolean.class) {
            if (permitsMethod(isMethod, receiver, noArgs)) return super.onGetProperty(invoker, receiver, property);
            first = candidate(first, isMethod, null);
        }
        Object[] selfArgs = {receiver};
        for (Class<?> dgm : DGM_CLASSES) {
            Method g = CallSiteSelector.staticMethod(dgm, getter, selfArgs);
            if (g != null) {
                if (whitelist.permitsStaticMethod(g, selfArgs)) return super.onGetProperty(invoker, receiver, property);
                first = candidate(first, g, null);
            }
            Method b = CallSiteSelector.staticMethod(dgm, booleanGetter, selfArgs);
            if (b != null && b.getReturnType() == boolean.class) {
                if (whitelist.permitsStaticMethod(b, selfArgs)) return super.onGetProperty(invoker, receiver, property);
                first = candidate(first, b, null);
            }
        }
        Field field = CallSiteSelector.field(receiver, property);
        if (field != null) {
            if (permitsFieldGet(field, receiver)) return super.onGetProperty(invoker, receiver, property);
            if (first == null) first = fieldCandidate(field);
        }
        Object[] propertyArg = {property};
        Method getPropertyMethod = CallSiteSelector.method(receiver, "getProperty", propertyArg);
        if (getPropertyMethod != null && !isSyntheticMethod(receiver, getPropertyMethod)) {
            if (whitelist.permitsMethod(getPropertyMethod, receiver, propertyArg)) return super.onGetProperty(invoker, receiver, property);
            if (first == null) first = new RejectedAccessException("method", Signatures.methodDetails(getPropertyMethod), receiver.getClass().getName() + "." + property);
        }
        if (findMetaMethod(receiver, getter, noArgs) instanceof ClosureMetaMethod) return super.onGetProperty(invoker, receiver, property);
        if (receiver instanceof Class) {
            Class<?> c = (Class<?>) receiver;
            Method sg = CallSiteSelector.staticMethod(c, getter, noArgs);
            if (sg != null) {
                if (whitelist.permitsStaticMethod(sg, noArgs)) return super.onGetProperty(invoker, receiver, property);
                first = candidate(first, sg, null);
            }
            Method sb = CallSiteSelector.staticMethod(c, booleanGetter, noArgs);
            if (sb != null && sb.getReturnType() == boolean.class) {
                if (whitelist.permitsStaticMethod(sb, noArgs)) return super.onGetProperty(invoker, receiver, property);
                first = candidate(first, sb, null);
            }
            Field sf = CallSiteSelector.staticField(c, property);
            if (sf != null) {
                if (whitelist.permitsStaticFieldGet(sf)) return super.onGetProperty(invoker, receiver, property);
                if (first == null) first = fieldCandidate(sf);
            }
        }
        if (mpe != null) throw mpe;
        throw first != null ? reject(first) : unclassifiedField(receiver, property);
    }

    /** The first rejection candidate wins (upstream's lazily built Rejector). */
    private static RejectedAccessException candidate(RejectedAccessException first, Method m, String info) {
        if (first != null) return first;
        String type = Modifier.isStatic(m.getModifiers()) ? "staticMethod" : "method";
        return info == null ? new RejectedAccessException(type, Signatures.methodDetails(m)) : new RejectedAccessException(type, Signatures.methodDetails(m), info);
    }

    private static RejectedAccessException fieldCandidate(Field f) {
        return new RejectedAccessException(Modifier.isStatic(f.getModifiers()) ? "staticField" : "field", Signatures.name(f.getDeclaringClass()) + " " + f.getName());
    }

    private static MissingPropertyException unclassifiedField(Object receiver, String property) {
        return new MissingPropertyException("No such field found: field " + Signatures.name(receiver.getClass()) + " " + property);
    }

    // ---- attributes and arrays ----

    @Override
    public Object onGetAttribute(Invoker invoker, Object receiver, String attribute) throws Throwable {
        RejectedAccessException first = null;
        Field f = CallSiteSelector.field(receiver, attribute);
        if (f != null) {
            if (permitsFieldGet(f, receiver)) return super.onGetAttribute(invoker, receiver, attribute);
            first = fieldCandidate(f);
        }
        if (receiver instanceof Class) {
            Field sf = CallSiteSelector.staticField((Class<?>) receiver, attribute);
            if (sf != null) {
                if (whitelist.permitsStaticFieldGet(sf)) return super.onGetAttribute(invoker, receiver, attribute);
                first = fieldCandidate(sf);
            }
        }
        throw first != null ? reject(first) : unclassifiedField(receiver, attribute);
    }

    @Override
    public Object onSetAttribute(Invoker invoker, Object receiver, String attribute, Object value) throws Throwable {
        RejectedAccessException first = null;
        Field f = CallSiteSelector.field(receiver, attribute);
        if (f != null) {
            if (permitsFieldSet(f, receiver, value)) return super.onSetAttribute(invoker, receiver, attribute, value);
            first = fieldCandidate(f);
        }
        if (receiver instanceof Class) {
            Field sf = CallSiteSelector.staticField((Class<?>) receiver, attribute);
            if (sf != null) {
                if (whitelist.permitsStaticFieldSet(sf, value)) return super.onSetAttribute(invoker, receiver, attribute, value);
                first = fieldCandidate(sf);
            }
        }
        throw first != null ? reject(first) : unclassifiedField(receiver, attribute);
    }

    @Override
    public Object onGetArray(Invoker invoker, Object receiver, Object index) throws Throwable {
        if (receiver.getClass().isArray() && index instanceof Integer) return super.onGetArray(invoker, receiver, index);
        Object[] args = {index};
        Method m = CallSiteSelector.method(receiver, "getAt", args);
        if (m != null) {
            if (permitsMethod(m, receiver, args)) return super.onGetArray(invoker, receiver, index);
            throw rejectMethod(m);
        }
        Object[] selfArgs = {receiver, index};
        for (Class<?> dgm : DGM_CLASSES) {
            Method d = CallSiteSelector.staticMethod(dgm, "getAt", selfArgs);
            if (d != null) {
                if (whitelist.permitsStaticMethod(d, selfArgs)) return super.onGetArray(invoker, receiver, index);
                throw rejectMethod(d);
            }
        }
        throw rejectUnclassified("No such getAt method found: method " + Signatures.nameOf(receiver) + "[" + Signatures.nameOf(index) + "]");
    }

    @Override
    public Object onSetArray(Invoker invoker, Object receiver, Object index, Object value) throws Throwable {
        if (receiver.getClass().isArray() && index instanceof Integer) return super.onSetArray(invoker, receiver, index, value);
        Object[] args = {index, value};
        Method m = CallSiteSelector.method(receiver, "putAt", args);
        if (m != null) {
            if (permitsMethod(m, receiver, args)) return super.onSetArray(invoker, receiver, index, value);
            throw rejectMethod(m);
        }
        Object[] selfArgs = {receiver, index, value};
        for (Class<?> dgm : DGM_CLASSES) {
            Method d = CallSiteSelector.staticMethod(dgm, "putAt", selfArgs);
            if (d != null) {
                if (whitelist.permitsStaticMethod(d, selfArgs)) return super.onSetArray(invoker, receiver, index, value);
                throw rejectMethod(d);
            }
        }
        throw rejectUnclassified("No such putAt method found: putAt method " + Signatures.nameOf(receiver) + "[" + Signatures.nameOf(index) + "]=" + Signatures.nameOf(value));
    }

    // ---- helpers ----

    /** A GroovyObject's compiler-generated getProperty/setProperty is not a member to check (SandboxInterceptor.isSyntheticMethod). */
    private static boolean isSyntheticMethod(Object receiver, Method method) {
        try {
            return receiver.getClass().getDeclaredMethod(method.getName(), String.class, Object.class).isSynthetic();
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static MetaMethod findMetaMethod(Object receiver, String method, Object[] args) {
        Class<?>[] types = new Class<?>[args.length];
        for (int i = 0; i < types.length; i++) types[i] = args[i] == null ? void.class : args[i].getClass();
        try {
            return DefaultGroovyMethods.getMetaClass(receiver).pickMethod(method, types);
        } catch (GroovyRuntimeException x) { // ambiguous
            return null;
        }
    }
}
