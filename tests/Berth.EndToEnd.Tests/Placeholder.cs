namespace Berth.EndToEnd.Tests;
