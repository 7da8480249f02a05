import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { initI18n } from './i18n'
import { registerServiceWorker } from './offline/serviceWorker'
import './styles.css'

initI18n()
if (import.meta.env.PROD) window.addEventListener('load', registerServiceWorker)
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
