// The tests start real processes and time-bounded queues on a small shared machine: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
