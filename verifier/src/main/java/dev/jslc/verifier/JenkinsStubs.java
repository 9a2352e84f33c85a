package dev.jslc.verifier;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.FieldNode;
import org.codehaus.groovy.ast.ImportNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.CatchStatement;
import org.codehaus.groovy.ast.stmt.ForStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.ClassNodeResolver;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Jenkins and plugin classes are not on the verifier's class path. A library that names them (a type, an import, a
 * fully qualified reference) would fail with "unable to resolve class" here although Jenkins resolves it. This resolver
 * answers such names with an empty stub class, but only names the source writes out in full (or a short list of
 * well-known classes reached through the star imports that Jenkins adds: hudson.model.*, jenkins.model.*), so that
 * an unknown simple name still fails as it would in Jenkins.
 */
final class JenkinsStubs {
    static final List<String> PREFIXES = List.of("hudson.", "jenkins.", "org.jenkinsci.", "org.jenkins.", "io.jenkins.", "com.cloudbees.");

    /** Classes Jenkins scripts commonly use by simple name through the hudson.model / jenkins.model star imports. */
    static final Set<String> WELL_KNOWN = Set.of(
            "hudson.model.Result", "hudson.model.Run", "hudson.model.Job", "hudson.model.Item", "hudson.model.Items",
            "hudson.model.Node", "hudson.model.Computer", "hudson.model.Label", "hudson.model.User", "hudson.model.Cause",
            "hudson.model.CauseAction", "hudson.model.ParametersAction", "hudson.model.ParameterValue",
            "hudson.model.StringParameterValue", "hudson.model.BooleanParameterValue", "hudson.model.Action",
            "hudson.model.AbstractBuild", "hudson.model.AbstractProject", "hudson.model.TaskListener", "hudson.model.Executor",
            "hudson.model.Queue", "hudson.model.Hudson", "hudson.model.Descriptor", "hudson.model.Environment",
            "hudson.model.TopLevelItem", "hudson.model.ItemGroup", "hudson.model.View", "hudson.model.Fingerprint",
            "hudson.model.Slave", "hudson.model.ParameterDefinition", "hudson.model.ParametersDefinitionProperty",
            "hudson.model.StringParameterDefinition", "hudson.model.BooleanParameterDefinition",
            "hudson.model.ChoiceParameterDefinition", "hudson.model.JobProperty", "hudson.model.BallColor",
            "hudson.model.ModelObject", "hudson.model.Actionable", "hudson.model.Describable",
            "jenkins.model.Jenkins", "jenkins.model.CauseOfInterruption", "jenkins.model.InterruptedBuildAction",
            "jenkins.model.ParameterizedJobMixIn", "jenkins.model.BuildDiscarderProperty", "jenkins.model.HistoricalBuild");

    /** Node metadata key marking a stub class node. */
    static final String STUB = "jslc.verifier.stub";

    private JenkinsStubs() {}

    static boolean jenkinsName(String name) {
        if (name.startsWith("com.cloudbees.groovy.cps")) return false;
        if (name.indexOf('$') >= 0) return false;
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1 || !Character.isUpperCase(name.charAt(dot + 1))) return false;
        for (String p : PREFIXES) if (name.startsWith(p)) return true;
        return false;
    }

    /** The stub-resolving class node resolver; {@code written} is filled by {@link Collector} during conversion. */
    static final class Resolver extends ClassNodeResolver {
        private final Set<String> written;
        final Set<String> stubbed = new HashSet<>();

        Resolver(Set<String> written) {
            this.written = written;
        }

        @Override
        public LookupResult findClassNode(String name, CompilationUnit compilationUnit) {
            LookupResult r = super.findClassNode(name, compilationUnit);
            if (r != null) return r;
            if (jenkinsName(name) && (WELL_KNOWN.contains(name) || written.contains(name))) {
                stubbed.add(name);
                ClassNode stub = new ClassNode(name, java.lang.reflect.Modifier.PUBLIC, ClassHelper.OBJECT_TYPE);
                stub.putNodeMetaData(STUB, Boolean.TRUE);
                return new LookupResult(null, stub);
            }
            return null;
        }
    }

    /** Collects fully qualified class names written in a source (imports, types, casts, new, class literals, a.b.C chains). */
    static final class Collector extends CompilationCustomizer {
        private final Set<String> written;

        Collector(Set<String> written) {
            super(CompilePhase.CONVERSION);
            this.written = written;
        }

        @Override
        public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) throws CompilationFailedException {
            ModuleNode module = source.getAST();
            if (module != null) {
                for (ImportNode i : module.getImports()) add(i.getType());
                for (ImportNode i : module.getStaticImports().values()) add(i.getType());
                for (ImportNode i : module.getStaticStarImports().values()) add(i.getType());
            }
            add(classNode.getUnresolvedSuperClass(false));
            for (ClassNode i : classNode.getInterfaces()) add(i);
            for (FieldNode f : classNode.getFields()) add(f.getOriginType());
            for (MethodNode m : classNode.getMethods()) {
                add(m.getReturnType());
                for (Parameter p : m.getParameters()) add(p.getOriginType());
            }
            new ClassCodeVisitorSupport() {
                @Override
                protected SourceUnit getSourceUnit() {
                    return source;
                }

                @Override
                public void visitDeclarationExpression(DeclarationExpression e) {
                    if (e.getLeftExpression() instanceof VariableExpression v) add(v.getOriginType());
                    super.visitDeclarationExpression(e);
                }

                @Override
                public void visitCastExpression(CastExpression e) {
                    add(e.getType());
                    super.visitCastExpression(e);
                }

                @Override
                public void visitConstructorCallExpression(ConstructorCallExpression e) {
                    add(e.getType());
                    super.visitConstructorCallExpression(e);
                }

                @Override
                public void visitClassExpression(ClassExpression e) {
                    add(e.getType());
                    super.visitClassExpression(e);
                }

                @Override
                public void visitClosureExpression(ClosureExpression e) {
                    if (e.getParameters() != null) for (Parameter p : e.getParameters()) add(p.getOriginType());
                    super.visitClosureExpression(e);
                }

                @Override
                public void visitForLoop(ForStatement s) {
                    add(s.getVariableType());
                    super.visitForLoop(s);
                }

                @Override
                public void visitCatchStatement(CatchStatement s) {
                    add(s.getExceptionType());
                    super.visitCatchStatement(s);
                }

                @Override
                public void visitPropertyExpression(PropertyExpression e) {
                    String chain = chain(e);
                    if (chain != null) {
                        String[] parts = chain.split("\\.");
                        StringBuilder b = new StringBuilder(parts[0]);
                        for (int i = 1; i < parts.length; i++) {
                            b.append('.').append(parts[i]);
                            if (!parts[i].isEmpty() && Character.isUpperCase(parts[i].charAt(0))) written.add(b.toString());
                        }
                    }
                    super.visitPropertyExpression(e);
                }
            }.visitClass(classNode);
        }

        private static String chain(Expression e) {
            if (e instanceof VariableExpression v) return v.getName();
            if (e instanceof PropertyExpression p && p.getProperty() instanceof ConstantExpression c && c.getValue() instanceof String s) {
                String left = chain(p.getObjectExpression());
                return left == null ? null : left + "." + s;
            }
            return null;
        }

        private void add(ClassNode type) {
            if (type == null) return;
            while (type.isArray()) type = type.getComponentType();
            String name = type.getName();
            if (name.indexOf('.') > 0) {
                written.add(name);
            }
        }
    }
}
