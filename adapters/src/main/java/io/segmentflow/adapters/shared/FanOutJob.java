package io.segmentflow.adapters.shared;

import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.Locale;
import java.util.Properties;

/**
 * The fan-out batch job as both its starter and its artifacts name it: the job XML's name
 * ({@code META-INF/batch-jobs/fan-out.xml}) and the job parameters that say which carrier it fans out.
 */
public final class FanOutJob {
    /** The job XML's name, as {@code JobOperator.start} takes it. */
    public static final String NAME = "fan-out";

    public static final String WORKSPACE = "workspaceId";
    public static final String CARRIER_TYPE = "carrierType";
    public static final String CARRIER_ID = "carrierId";

    private FanOutJob() {}

    /** The job parameters of the carrier's fan-out. */
    public static Properties parameters(CarrierRef carrier) {
        Properties parameters = new Properties();
        parameters.setProperty(WORKSPACE, carrier.workspaceId().value());
        parameters.setProperty(CARRIER_TYPE, carrier.type().wireName());
        parameters.setProperty(CARRIER_ID, carrier.id());
        return parameters;
    }

    /** The carrier the job parameters name. */
    public static CarrierRef carrierOf(Properties parameters) {
        return new CarrierRef(
                new WorkspaceId(parameters.getProperty(WORKSPACE)),
                CarrierType.valueOf(parameters.getProperty(CARRIER_TYPE).toUpperCase(Locale.ROOT)),
                parameters.getProperty(CARRIER_ID));
    }
}
