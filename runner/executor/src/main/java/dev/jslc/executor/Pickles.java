package dev.jslc.executor;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;

/**
 * Serializes the program state at each suspension, as Jenkins saves it (program.dat), so that a script keeping a
 * non-serializable object in a local variable across a step fails here as it does on Jenkins. The executor's own
 * runtime objects stand for Jenkins' pickles (they are re-created on resume there) and are replaced by markers.
 */
final class Pickles {
    private Pickles() {}

    static final class Marker implements Serializable {
        private static final long serialVersionUID = 1L;
        final String type;

        Marker(String type) {
            this.type = type;
        }
    }

    private static final class Counting extends OutputStream {
        long n;

        @Override
        public void write(int b) {
            n++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            n += len;
        }
    }

    private static final class Stream extends ObjectOutputStream {
        Stream(OutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object o) {
            if (o instanceof Executor || o instanceof Branch || o instanceof EnvGlobal || o instanceof CurrentBuildGlobal
                    || o instanceof ResultTracker || o instanceof DeclarativeSupport || o instanceof Credentials
                    || o instanceof Credentials.Bound || o instanceof Process || o instanceof Log || o instanceof Steps
                    || o instanceof StringParams) {
                return new Marker(o.getClass().getName());
            }
            // workflow-cps' IteratorHack makes the JDK collections' iterators (for-in loops) serializable.
            if (o instanceof java.util.Iterator && o.getClass().getName().startsWith("java.util.")) {
                return new Marker(o.getClass().getName());
            }
            return o;
        }
    }

    /** Null when the state serializes; else the NotSerializableException. */
    static NotSerializableException check(Object programState) {
        try (Stream s = new Stream(new Counting())) {
            s.writeObject(programState);
            return null;
        } catch (NotSerializableException e) {
            return e;
        } catch (IOException e) {
            NotSerializableException n = new NotSerializableException(e.toString());
            n.initCause(e);
            return n;
        }
    }
}
