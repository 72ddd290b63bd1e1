namespace Berth.Tests;
