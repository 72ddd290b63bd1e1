// Some tests start real routers and replicas on a small shared machine: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
