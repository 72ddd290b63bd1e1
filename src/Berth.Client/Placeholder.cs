namespace Berth.Client;
