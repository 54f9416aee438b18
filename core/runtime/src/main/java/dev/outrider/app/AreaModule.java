package dev.outrider.app;

import com.google.inject.AbstractModule;

/**
 * A module of one area of the core. Every type it lets Guice build is bound here, never made
 * just in time, and a dependency cycle fails injector creation instead of getting a proxy.
 */
abstract class AreaModule extends AbstractModule {

    @Override
    protected final void configure() {
        binder().requireExplicitBindings();
        binder().disableCircularProxies();
        bindArea();
    }

    /** Binds the area's types. */
    protected abstract void bindArea();
}
