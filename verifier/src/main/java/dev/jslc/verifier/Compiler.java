package dev.jslc.verifier;

import com.cloudbees.groovy.cps.CpsTransformer;
import com.cloudbees.groovy.cps.NonCPS;
import com.cloudbees.groovy.cps.SerializableScript;
import com.cloudbees.groovy.cps.TransformerConfiguration;
import groovy.lang.GroovyClassLoader;
import groovyjarjarasm.asm.MethodTooLargeException;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.classgen.asm.BytecodeHelper;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.ErrorCollector;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.LocatedMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Compiles one library file the way Jenkins' CpsGroovyShell does (CpsGroovyShellFactory.makeConfig): the library's
 * src/ and vars/ directories on the class loader, star imports of com.cloudbees.groovy.cps, hudson.model and
 * jenkins.model, a Serializable script base class, and (in CPS mode) groovy-cps' CpsTransformer as a compilation
 * customizer with a safepoint call in loops, under the current engine's compile-time rules ({@link CurrentCpsRules}).
 * Compiles up to CLASS_GENERATION; class files are not written.
 */
final class Compiler {
    /**
     * groovy-cps 1.31's CpsTransformer with the compile-time rules of the engine in current Jenkins
     * (jenkinsci/workflow-cps-plugin lib/src/main/java/com/cloudbees/groovy/cps/CpsTransformer.java), the same rules
     * as the executor's JslcCpsTransformer (runner/executor/src/main/java/dev/jslc/executor/JslcCpsTransformer.java):
     * {@code break}/{@code continue} outside a loop is an error (JENKINS-57253: Groovy's LabelVerifier before the
     * transformation); default-parameter overloads are generated first and so CPS-checked too (SECURITY-1710);
     * spread arguments, list elements and maps ({@code f(*l)}, {@code [*l]}, {@code [*:m]}) are accepted (supported
     * since 2022), while a spread-safe call {@code l*.m()} stays "spread not yet supported for CPS transformation".
     * Only what is compiled is checked here, so a spread compiles as its operand. The rules are written again rather
     * than shared because this module must build alone (a packed jslc ships verifier/ without runner/, see
     * ../../pom.xml), and the executor's implementation needs its runtime blocks.
     */
    static final class CurrentCpsRules extends CpsTransformer {
        @Override
        public void call(SourceUnit source, org.codehaus.groovy.classgen.GeneratorContext context, ClassNode classNode) {
            if (!classNode.isInterface()) {
                new org.codehaus.groovy.control.LabelVerifier(source).visitClass(classNode);
                new DefaultParameterOverloads().expand(classNode);
            }
            super.call(source, context, classNode);
        }

        @Override
        public void visitSpreadExpression(org.codehaus.groovy.ast.expr.SpreadExpression expression) {
            visit(expression.getExpression());
        }

        @Override
        public void visitSpreadMapExpression(org.codehaus.groovy.ast.expr.SpreadMapExpression expression) {
            visit(expression.getExpression());
        }
    }

    /**
     * Groovy's default-parameter overloads made before the CPS transformation (its Verifier's protected
     * addDefaultParameterMethods), as current CpsTransformer.call does; the generated call's variables are bound to
     * the overload's parameters, which the transformer needs to read them as local variables.
     */
    static final class DefaultParameterOverloads extends org.codehaus.groovy.classgen.Verifier {
        void expand(ClassNode node) {
            setClassNode(node);
            addDefaultParameterMethods(node);
            for (MethodNode m : node.getMethods()) {
                if (!Boolean.TRUE.equals(m.getNodeMetaData(DEFAULT_PARAMETER_GENERATED))) continue;
                if (!(m.getCode() instanceof org.codehaus.groovy.ast.stmt.BlockStatement)) continue;
                List<org.codehaus.groovy.ast.stmt.Statement> body = ((org.codehaus.groovy.ast.stmt.BlockStatement) m.getCode()).getStatements();
                if (body.isEmpty()) continue;
                org.codehaus.groovy.ast.stmt.Statement last = body.get(body.size() - 1);
                org.codehaus.groovy.ast.expr.Expression e = last instanceof org.codehaus.groovy.ast.stmt.ReturnStatement
                        ? ((org.codehaus.groovy.ast.stmt.ReturnStatement) last).getExpression()
                        : last instanceof org.codehaus.groovy.ast.stmt.ExpressionStatement
                                ? ((org.codehaus.groovy.ast.stmt.ExpressionStatement) last).getExpression() : null;
                if (!(e instanceof org.codehaus.groovy.ast.expr.MethodCallExpression)) continue;
                org.codehaus.groovy.ast.expr.Expression args = ((org.codehaus.groovy.ast.expr.MethodCallExpression) e).getArguments();
                for (org.codehaus.groovy.ast.expr.Expression a : ((org.codehaus.groovy.ast.expr.TupleExpression) args).getExpressions()) {
                    if (!(a instanceof org.codehaus.groovy.ast.expr.CastExpression)) continue;
                    org.codehaus.groovy.ast.expr.Expression inner = ((org.codehaus.groovy.ast.expr.CastExpression) a).getExpression();
                    if (!(inner instanceof org.codehaus.groovy.ast.expr.VariableExpression)) continue;
                    org.codehaus.groovy.ast.expr.VariableExpression v = (org.codehaus.groovy.ast.expr.VariableExpression) inner;
                    if (v.getAccessedVariable() != null) continue;
                    org.codehaus.groovy.ast.Variable bound = v;
                    for (org.codehaus.groovy.ast.Parameter p : m.getParameters()) if (p.getName().equals(v.getName())) bound = p;
                    v.setAccessedVariable(bound);
                }
            }
        }
    }

    /** A compile error, with the absolute path of the source it belongs to. */
    record Error(String sourcePath, int line, int column, String message) {}

    record Result(List<Error> errors, Set<String> stubbed) {}

    private final Path libDir;

    Compiler(Path libDir) {
        this.libDir = libDir;
    }

    Result compile(Path file, boolean cps, List<CompilationCustomizer> extra) {
        return compile(file, cps, extra, Phases.CLASS_GENERATION);
    }

    /** Compiles up to {@code lastPhase} (a {@link Phases} constant). */
    Result compile(Path file, boolean cps, List<CompilationCustomizer> extra, int lastPhase) {
        Set<String> written = new HashSet<>();
        CompilerConfiguration cc = new CompilerConfiguration();
        cc.setScriptBaseClass(SerializableScript.class.getName());
        ImportCustomizer imports = new ImportCustomizer();
        imports.addStarImports(NonCPS.class.getPackage().getName(), "hudson.model", "jenkins.model");
        cc.addCompilationCustomizers(imports);
        cc.addCompilationCustomizers(new JenkinsStubs.Collector(written));
        if (cps) {
            CpsTransformer t = new CurrentCpsRules();
            t.setConfiguration(new TransformerConfiguration().withSafepoint(Safepoint.class, "safepoint"));
            cc.addCompilationCustomizers(t);
        }
        for (CompilationCustomizer c : extra) cc.addCompilationCustomizers(c);
        WideRecorder wide = new WideRecorder(file.toFile().getPath());
        cc.addCompilationCustomizers(wide);

        GroovyClassLoader loader = new GroovyClassLoader(Compiler.class.getClassLoader(), cc);
        for (String dir : new String[] {"src", "vars"}) {
            File d = libDir.resolve(dir).toFile();
            if (d.isDirectory()) loader.addClasspath(d.getAbsolutePath());
        }
        CompilationUnit cu = new CompilationUnit(cc, null, loader);
        JenkinsStubs.Resolver resolver = new JenkinsStubs.Resolver(written);
        cu.setClassNodeResolver(resolver);
        SourceUnit primary = cu.addSource(file.toFile());
        List<Error> errors = new ArrayList<>();
        try {
            cu.compile(lastPhase);
        } catch (CompilationFailedException e) {
            collect(cu, primary, wide, cps, errors);
            if (errors.isEmpty()) errors.add(new Error(primary.getName(), 1, 1, firstLine(e.getMessage())));
        } catch (Throwable t) {
            // Compiler bugs surface as GroovyBugError or runtime exceptions; report them on the file.
            errors.add(new Error(primary.getName(), 1, 1, "compiler failure: " + t));
        } finally {
            try {
                loader.close();
            } catch (Exception ignored) {
                // nothing to do
            }
        }
        return new Result(errors, resolver.stubbed);
    }

    private static final java.util.regex.Pattern TOO_MANY_ARGS = java.util.regex.Pattern.compile("max number of supported arguments is \\d+, but found (\\d+)");

    /**
     * Groovy 2.4 cannot compile a call with 255 or more arguments and fails without a position. Under CPS, a block
     * becomes one builder call with an argument per statement and a call gains four arguments, so a 255-statement
     * block fails there only. Name the recorded node whose size explains the count.
     */
    private static Error tooManyArguments(SourceUnit primary, WideRecorder wide, boolean cps, int found, String groovyMessage) {
        WideRecorder.Wide best = null;
        for (WideRecorder.Wide w : wide.nodes) {
            if (w.count() <= found && w.count() >= found - 6 && (best == null || w.count() > best.count())) best = w;
        }
        if (best == null) {
            for (WideRecorder.Wide w : wide.nodes) if (best == null || w.count() > best.count()) best = w;
        }
        String how = cps ? "the CPS transformation turns it into one call with " + found + " arguments" : "it compiles to one call with " + found + " arguments";
        if (best == null) {
            return new Error(primary.getName(), 1, 1, "too many arguments in one call: " + groovyMessage);
        }
        return new Error(primary.getName(), best.line(), best.column(), best.what() + " is too large: " + how
                + ", and Groovy 2.4 allows at most 254 (Groovy: \"" + groovyMessage + "\"); split it up");
    }

    /** Remembers the blocks, calls and literals of the primary source with many children, with their positions. */
    static final class WideRecorder extends CompilationCustomizer {
        record Wide(int line, int column, int count, String what) {}

        final List<Wide> nodes = new ArrayList<>();
        private final String primaryName;

        WideRecorder(String primaryName) {
            super(org.codehaus.groovy.control.CompilePhase.CONVERSION);
            this.primaryName = primaryName;
        }

        @Override
        public void call(SourceUnit source, org.codehaus.groovy.classgen.GeneratorContext context, ClassNode classNode) {
            if (!source.getName().equals(primaryName)) return;
            new org.codehaus.groovy.ast.ClassCodeVisitorSupport() {
                @Override
                protected SourceUnit getSourceUnit() {
                    return source;
                }

                private void note(org.codehaus.groovy.ast.ASTNode n, int count, String what) {
                    if (count >= 200 && n.getLineNumber() > 0) nodes.add(new Wide(n.getLineNumber(), n.getColumnNumber(), count, what));
                }

                @Override
                public void visitBlockStatement(org.codehaus.groovy.ast.stmt.BlockStatement b) {
                    note(b, b.getStatements().size(), "this block of " + b.getStatements().size() + " statements");
                    super.visitBlockStatement(b);
                }

                @Override
                public void visitMethodCallExpression(org.codehaus.groovy.ast.expr.MethodCallExpression c) {
                    int n = argCount(c.getArguments());
                    note(c, n, "this call of " + c.getMethodAsString() + " with " + n + " arguments");
                    super.visitMethodCallExpression(c);
                }

                @Override
                public void visitConstructorCallExpression(org.codehaus.groovy.ast.expr.ConstructorCallExpression c) {
                    int n = argCount(c.getArguments());
                    note(c, n, "this constructor call with " + n + " arguments");
                    super.visitConstructorCallExpression(c);
                }

                @Override
                public void visitStaticMethodCallExpression(org.codehaus.groovy.ast.expr.StaticMethodCallExpression c) {
                    int n = argCount(c.getArguments());
                    note(c, n, "this call of " + c.getMethod() + " with " + n + " arguments");
                    super.visitStaticMethodCallExpression(c);
                }
            }.visitClass(classNode);
        }
    }

    static int argCount(org.codehaus.groovy.ast.expr.Expression args) {
        return args instanceof org.codehaus.groovy.ast.expr.TupleExpression t ? t.getExpressions().size() : 1;
    }

    private static void collect(CompilationUnit cu, SourceUnit primary, WideRecorder wide, boolean cps, List<Error> out) {
        ErrorCollector ec = cu.getErrorCollector();
        List<? extends Message> messages = ec.getErrors() == null ? List.of() : ec.getErrors();
        for (Message m : messages) {
            if (m instanceof SyntaxErrorMessage s) {
                SyntaxException x = s.getCause();
                String src = x.getSourceLocator() != null ? x.getSourceLocator() : primary.getName();
                out.add(new Error(src, x.getLine(), x.getStartColumn(), clean(x.getOriginalMessage())));
            } else if (m instanceof LocatedMessage l) {
                org.codehaus.groovy.syntax.CSTNode ctx = locatedContext(l);
                int line = ctx != null ? ctx.getStartLine() : 1;
                int col = ctx != null ? ctx.getStartColumn() : 1;
                out.add(new Error(primary.getName(), line, col, clean(l.getMessage())));
            } else if (m instanceof SimpleMessage sm) {
                out.add(new Error(primary.getName(), 1, 1, clean(sm.getMessage())));
            } else if (m instanceof ExceptionMessage em) {
                Exception x = em.getCause();
                String text = x.getMessage() != null ? x.getMessage() : x.toString();
                Throwable root = x;
                while (!(root instanceof MethodTooLargeException) && root.getCause() != null && root.getCause() != root) root = root.getCause();
                if (root instanceof MethodTooLargeException big) {
                    out.add(tooLarge(cu, primary, big));
                } else {
                    java.util.regex.Matcher tooMany = TOO_MANY_ARGS.matcher(String.valueOf(root.getMessage()));
                    if (tooMany.find()) {
                        out.add(tooManyArguments(primary, wide, cps, Integer.parseInt(tooMany.group(1)), root.getMessage()));
                    } else {
                        out.add(new Error(primary.getName(), 1, 1, clean(firstLine(x.toString()))));
                    }
                }
            }
        }
    }

    private static org.codehaus.groovy.syntax.CSTNode locatedContext(LocatedMessage l) {
        try {
            java.lang.reflect.Field f = LocatedMessage.class.getDeclaredField("context");
            f.setAccessible(true);
            return (org.codehaus.groovy.syntax.CSTNode) f.get(l);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static String clean(String message) {
        if (message == null) return "";
        String m = message.strip();
        // SyntaxException.getOriginalMessage has no position; other messages may carry " @ line N, column M."
        m = m.replaceAll("\\s*@ line \\d+, column \\d+\\.?$", "");
        return m;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Names the method behind ASM's MethodTooLargeException ("Method too large: Class.method desc"). */
    private static Error tooLarge(CompilationUnit cu, SourceUnit primary, MethodTooLargeException x) {
        String className = x.getClassName().replace('/', '.');
        ClassNode cn = cu.getAST().getClass(className);
        String src = primary.getName();
        if (cn != null && cn.getModule() != null && cn.getModule().getContext() != null) src = cn.getModule().getContext().getName();
        String name = x.getMethodName();
        int line = 1;
        int col = 1;
        String what;
        MethodNode mn = cn == null ? null : findMethod(cn, name, x.getDescriptor());
        if (name.startsWith("___cps___") && cn != null) {
            MethodNode orig = cpsOriginal(cn, name);
            what = orig != null ? "the CPS-transformed body of method " + signature(orig) : "CPS-transformed method " + name;
            mn = orig;
        } else if (name.equals("run") && cn != null && cn.isScript() && (mn == null || mn.getLineNumber() <= 0)) {
            what = "the script body (the statements outside methods)";
            ModuleNode mod = cn.getModule();
            if (mod != null && mod.getStatementBlock() != null && mod.getStatementBlock().getLineNumber() > 0) {
                line = mod.getStatementBlock().getLineNumber();
                col = mod.getStatementBlock().getColumnNumber();
            }
        } else {
            what = mn != null ? "method " + signature(mn) : "method " + name;
        }
        if (mn != null && mn.getLineNumber() > 0) {
            line = mn.getLineNumber();
            col = mn.getColumnNumber();
        }
        return new Error(src, line, Math.max(col, 1), "Method code too large: " + what + " compiles to " + x.getCodeSize()
                + " bytes of bytecode, over the JVM limit of 65535 (Groovy: \"Method too large: " + x.getClassName().replace('/', '.') + "."
                + name + " " + x.getDescriptor() + "\")");
    }

    private static String signature(MethodNode mn) {
        StringBuilder b = new StringBuilder(mn.getName()).append('(');
        boolean first = true;
        for (var p : mn.getParameters()) {
            if (!first) b.append(", ");
            first = false;
            b.append(p.getType().getNameWithoutPackage()).append(' ').append(p.getName());
        }
        return b.append(')').toString();
    }

    private static MethodNode findMethod(ClassNode cn, String name, String desc) {
        MethodNode byName = null;
        for (MethodNode m : cn.getMethods()) {
            if (!m.getName().equals(name)) continue;
            if (BytecodeHelper.getMethodDescriptor(m.getReturnType(), m.getParameters()).equals(desc)) return m;
            if (byName == null) byName = m;
        }
        return byName;
    }

    /**
     * groovy-cps moves a transformed method's body into a static method ___cps___N and makes the original method
     * start it; find the original by the name of the body method it calls.
     */
    private static MethodNode cpsOriginal(ClassNode cn, String cpsName) {
        java.util.regex.Pattern ref = java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(cpsName) + "\\b");
        for (MethodNode m : cn.getMethods()) {
            if (m.getName().startsWith("___cps___") || m.getCode() == null) continue;
            if (ref.matcher(m.getCode().getText()).find()) return m;
        }
        return null;
    }
}
