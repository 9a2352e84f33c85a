package dev.jslc.executor;

public class JslcCpsTransformer extends com.cloudbees.groovy.cps.CpsTransformer {}
