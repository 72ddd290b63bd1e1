// The tests start real processes on a small shared machine: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
