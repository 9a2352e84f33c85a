package dev.jslc.executor.cps;

import com.cloudbees.groovy.cps.Block;
import com.cloudbees.groovy.cps.impl.CollectionLiteralBlock;
import org.codehaus.groovy.runtime.InvokerHelper;

/**
 * A list literal with spread elements ({@code [*l, 3]}): groovy-cps 1.31's ListBlock with each spread element opened
 * into its items, as current groovy-cps' ListBlock does ({@code SpreadBlock.despreadList}, jenkinsci/workflow-cps-plugin
 * lib/src/main/java/com/cloudbees/groovy/cps/impl/ListBlock.java).
 */
final class DespreadListBlock extends CollectionLiteralBlock {
    DespreadListBlock(Block... items) {
        super(items);
    }

    @Override
    protected Object toCollection(Object[] result) {
        return InvokerHelper.createList(SpreadBlock.despread(result));
    }

    private static final long serialVersionUID = 1L;
}
