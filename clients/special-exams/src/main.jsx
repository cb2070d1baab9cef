import '@openedx/paragon/dist/core.min.css';
import '@openedx/paragon/dist/light.min.css';
import { createRoot } from 'react-dom/client';
import { configureStore } from '@reduxjs/toolkit';
import { readParams } from './params';
import { configurePlatform } from './platform';
import { specialExamsReducer } from './specialExams';
import App from './App';

const params = readParams();
configurePlatform(params);

const store = configureStore({
  reducer: { specialExams: specialExamsReducer },
});
// For the e2e harness: the library's redux state, read-only use please.
window.__invigilSpecialExamsStore = store;

createRoot(document.getElementById('root')).render(<App store={store} params={params} />);
