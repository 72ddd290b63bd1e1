using Berth.Scoring;

return await ScoringApp.RunAsync(args, TimeProvider.System);
