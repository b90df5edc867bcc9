// Harbor's server-side rules as pure functions, shared by the web app, the server and the simulator.
export {};
