package com.example.booking.command.deadline;

import com.mongodb.client.MongoClient;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.nosql.mongo.MongoDBStorageProvider;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Persistent deadlines: JobRunr keeps scheduled hold expiries in MongoDB, so a hold made before a
 * restart still expires after it. Axon's {@code AxonJobRunrAutoConfiguration} turns the
 * {@link JobScheduler} below into a {@code JobRunrDeadlineManager}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeadlineProperties.class)
public class DeadlineConfiguration {

    @Bean(destroyMethod = "close")
    StorageProvider jobStorage(MongoClient mongoClient, DeadlineProperties properties,
                               ObjectProvider<JobStorePreparation> preparations) {
        preparations.orderedStream().forEach(step -> step.prepare(mongoClient, properties.database()));
        return new MongoDBStorageProvider(mongoClient, properties.database());
    }

    @Bean
    JobScheduler jobScheduler(StorageProvider jobStorage, ApplicationContext context, DeadlineProperties properties) {
        return JobRunr.configure()
                .useStorageProvider(jobStorage)
                .useJobActivator(context::getBean)
                .useBackgroundJobServer(BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                        .andPollInterval(properties.pollInterval())
                        .andWorkerCount(properties.workers()))
                .initialize()
                .getJobScheduler();
    }

    /** Stops JobRunr's background server before the job store and the MongoClient it polls with close. */
    @Bean
    DisposableBean jobRunrShutdown(JobScheduler jobScheduler) {
        return JobRunr::destroy;
    }
}
